package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;

import java.time.Instant;
import java.util.UUID;

/**
 * A contact changed in XPM (published by connector-service, only for real changes in synced fields) or in Karbon
 * (published by the Karbon platform). Carries the whole synced state, not a diff, so a consumer never needs to ask
 * the source system what the contact looks like now.
 */
public record ContactChanged(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        SourceSystem origin,
        ChangeKind change,
        ContactSnapshot contact) implements SyncEvent {

    public ContactChanged {
        if (contact != null && origin != null && contact.ref().system() != origin) {
            throw new IllegalArgumentException("contact.ref.system must equal origin " + origin);
        }
    }

    public static ContactChanged of(String firmId, UUID syncRunId, SourceSystem origin, ChangeKind change,
                                    ContactSnapshot contact) {
        return new ContactChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, syncRunId,
                origin, change, contact);
    }
}
