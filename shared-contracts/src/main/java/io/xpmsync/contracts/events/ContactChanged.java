package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
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
 * @param convertedFrom for an XPM client: the prospect it was converted from (XPM gives a converted prospect a new
 *                client UUID), recognised by connector-service; the prospect's mapping is carried over to this record
 *                (absent: not a conversion)
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
        ContactRef convertedFrom) implements SyncEvent {

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
        if (convertedFrom != null && (contact == null || contact.ref().kind() != ContactKind.XPM_CLIENT
                || convertedFrom.kind() != ContactKind.XPM_CLIENT)) {
            throw new IllegalArgumentException("convertedFrom names a prospect an XPM client was converted from");
        }
    }

    public static ContactChanged of(String firmId, UUID syncRunId, SourceSystem origin, ChangeKind change,
                                    ContactSnapshot contact) {
        return new ContactChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, syncRunId,
                origin, change, contact, null, null);
    }

    /** This change as a Preview Sync publishes it. */
    public ContactChanged asPreview() {
        return new ContactChanged(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact, true,
                convertedFrom);
    }

    /** This change of a client converted from the prospect {@code prospect} (a new UUID in XPM). */
    public ContactChanged convertedFrom(ContactRef prospect) {
        return new ContactChanged(eventId, firmId, occurredAt, schemaVersion, syncRunId, origin, change, contact,
                preview, prospect);
    }

    /** Whether a Preview Sync read it: to be classified, never acted on. */
    public boolean inPreview() {
        return Boolean.TRUE.equals(preview);
    }
}
