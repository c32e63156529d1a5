package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.merge.AgreedField;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A mapping between an XPM record and a Karbon contact began, changed state, or ended. Published by mapping-service
 * through its transactional outbox, so it is never lost and never announces something that was rolled back.
 *
 * @param syncedHash  the content hash both sides agree on after this mapping's last write, or {@code null}
 * @param agreed      the mapping's base per synced field after this change (what both systems last agreed on, see
 *                    {@code FieldMerge}); {@code null}: not changed by it, or written before bases existed
 */
public record MappingConfirmed(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        UUID mappingId,
        ContactRef xpmRef,
        ContactRef karbonRef,
        MappingState state,
        MatchMethod method,
        String syncedHash,
        List<AgreedField> agreed) implements SyncEvent {

    public MappingConfirmed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                            UUID mappingId, ContactRef xpmRef, ContactRef karbonRef, MappingState state,
                            MatchMethod method, String syncedHash) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, mappingId, xpmRef, karbonRef, state, method,
                syncedHash, null);
    }
}
