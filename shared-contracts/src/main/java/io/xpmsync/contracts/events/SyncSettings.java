package io.xpmsync.contracts.events;

import java.util.List;

/**
 * A firm's Contact Sync Settings.
 *
 * @param newContactType      the Karbon Contact Type given to contacts created from XPM
 * @param pushedContactTypes  the Karbon Contact Types pushed to XPM; empty means nothing is pushed
 * @param xpmConnected        whether the firm is connected to XPM now
 */
public record SyncSettings(
        SyncScope scope,
        String newContactType,
        List<String> pushedContactTypes,
        boolean xpmConnected) {

    public SyncSettings {
        pushedContactTypes = pushedContactTypes == null ? List.of() : List.copyOf(pushedContactTypes);
    }
}
