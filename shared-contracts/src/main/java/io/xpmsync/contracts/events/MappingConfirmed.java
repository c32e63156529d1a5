package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;

import java.time.Instant;
import java.util.UUID;

/**
 * A mapping between an XPM record and a Karbon contact began, changed state, or ended. Published by mapping-service
 * through its transactional outbox, so it is never lost and never announces something that was rolled back.
 *
 * @param syncedHash  the content hash both sides agree on after this mapping's last write, or {@code null}
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
        String syncedHash) implements SyncEvent {
}
