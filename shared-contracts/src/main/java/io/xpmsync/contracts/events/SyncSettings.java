package io.xpmsync.contracts.events;

import io.xpmsync.contracts.merge.ConflictPolicy;

import java.util.List;

/**
 * A firm's Contact Sync Settings.
 *
 * @param newContactType      the Karbon Contact Type given to contacts created from XPM
 * @param pushedContactTypes  the Karbon Contact Types pushed to XPM; empty means nothing is pushed
 * @param xpmConnected        whether the firm is connected to XPM now
 * @param personStructures    the firm's own XPM business structures whose clients become a Person in Karbon, beside
 *                            the seed's Individual and Sole Trader (see {@code BusinessStructures}); empty: none
 * @param region              the country (ISO 3166-1 alpha-2) of the firm's XPM practice: phone numbers without a
 *                            country code are read in it when the contact has no address; null when not known
 * @param conflictPolicy      what decides when a synced field changed on both sides to different values (null: ask)
 */
public record SyncSettings(
        SyncScope scope,
        String newContactType,
        List<String> pushedContactTypes,
        boolean xpmConnected,
        List<String> personStructures,
        String region,
        ConflictPolicy conflictPolicy) {

    public SyncSettings {
        pushedContactTypes = pushedContactTypes == null ? List.of() : List.copyOf(pushedContactTypes);
        personStructures = personStructures == null ? List.of() : List.copyOf(personStructures);
    }

    public SyncSettings(SyncScope scope, String newContactType, List<String> pushedContactTypes, boolean xpmConnected) {
        this(scope, newContactType, pushedContactTypes, xpmConnected, List.of(), null, null);
    }

    public SyncSettings(SyncScope scope, String newContactType, List<String> pushedContactTypes, boolean xpmConnected,
                        List<String> personStructures, String region) {
        this(scope, newContactType, pushedContactTypes, xpmConnected, personStructures, region, null);
    }

    /** The conflict policy in force: the one chosen, else ask. */
    public ConflictPolicy policy() {
        return ConflictPolicy.orDefault(conflictPolicy);
    }
}
