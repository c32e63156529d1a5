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
 * @param preview true for a record read by a Preview Sync: classified like any other, acted on by nobody (absent:
 *                false). Consumers that change anything (mapping-service, push-service) must tell it apart.
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
        Boolean preview) implements SyncEvent {

    public ContactChanged(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                          SourceSystem origin, ChangeKind change, ContactSnapshot contact) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, null);
    }

    public ContactChanged {
        if (contact != null && origin != null && contact.ref().system() != origin) {
            throw new IllegalArgumentException("contact.ref.system must equal origin " + origin);
        }
    }

    public static ContactChanged of(String firmId, UUID syncRunId, SourceSystem origin, ChangeKind change,
                                    ContactSnapshot contact) {
        return new ContactChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, syncRunId,
                origin, change, contact, null);
    }

    /** This change as a Preview Sync publishes it. */
    public ContactChanged asPreview() {
        return new ContactChanged(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, true);
    }

    /** Whether a Preview Sync read it: to be classified, never acted on. */
    public boolean inPreview() {
        return Boolean.TRUE.equals(preview);
    }
}
