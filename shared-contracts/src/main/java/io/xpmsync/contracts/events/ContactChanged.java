package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;

import java.time.Instant;
import java.util.UUID;

/**
 * A contact changed in XPM (published by connector-service, only for real changes in synced fields) or in Karbon
 * (published by the Karbon platform). Carries the whole synced state, not a diff, so a consumer never needs to ask
 * the source system what the contact looks like now.
 *
 * @param preview  true for a record read by a Preview Sync: classified like any other, acted on by nobody (absent:
 *                 false). Consumers that change anything (mapping-service, push-service) must tell it apart.
 * @param snapshot true for a Karbon record read by the initial snapshot of a firm's existing records (when the firm
 *                 connects, or an operator asks), not a change someone made: it builds every view of the record
 *                 like any change, but is never pushed nor taken for an edit (absent: false).
 */
public record ContactChanged(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        SourceSystem origin,
        ChangeKind change,
        ContactSnapshot contact,
        Boolean preview,
        Boolean snapshot) implements SyncEvent {

    public ContactChanged(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                          SourceSystem origin, ChangeKind change, ContactSnapshot contact) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, null, null);
    }

    public ContactChanged(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                          SourceSystem origin, ChangeKind change, ContactSnapshot contact, Boolean preview) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, preview, null);
    }

    public ContactChanged {
        if (contact != null && origin != null && contact.ref().system() != origin) {
            throw new IllegalArgumentException("contact.ref.system must equal origin " + origin);
        }
    }

    public static ContactChanged of(String firmId, UUID syncRunId, SourceSystem origin, ChangeKind change,
                                    ContactSnapshot contact) {
        return new ContactChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, syncRunId,
                origin, change, contact, null, null);
    }

    /**
     * A Karbon record as the initial snapshot read it at {@code readAt}: its whole state, marked so that nobody takes
     * it for an edit.
     */
    public static ContactChanged snapshotOf(String firmId, Instant readAt, ContactSnapshot contact) {
        return new ContactChanged(UUID.randomUUID(), firmId, readAt, EventType.SCHEMA_VERSION, null,
                SourceSystem.KARBON, ChangeKind.UPDATED, contact, null, true);
    }

    /** This change as a Preview Sync publishes it. */
    public ContactChanged asPreview() {
        return new ContactChanged(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, true,
                snapshot);
    }

    /** Whether a Preview Sync read it: to be classified, never acted on. */
    public boolean inPreview() {
        return Boolean.TRUE.equals(preview);
    }

    /** Whether the initial snapshot of a firm's Karbon records read it: state to build views from, never an edit. */
    public boolean fromSnapshot() {
        return Boolean.TRUE.equals(snapshot);
    }
}
