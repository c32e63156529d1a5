package io.xpmsync.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A firm's Contact Sync Settings as they are now. Published by connector-service on a compacted topic keyed by firm,
 * so the latest settings of every firm can always be read from the start of the topic.
 */
public record SyncSettingsChanged(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        SyncSettings settings) implements SyncEvent {
}
