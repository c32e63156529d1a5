package io.xpmsync.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every xpm-sync event carries. {@code eventId} is the idempotency key; {@code firmId} is the Kafka key, so a
 * firm's events stay in order; {@code syncRunId} is set when the event belongs to a Sync Now run.
 */
public sealed interface SyncEvent
        permits ContactChanged, MatchProposed, MappingConfirmed, ContactPushed, SyncSettingsChanged, FieldConflict {

    UUID eventId();

    String firmId();

    Instant occurredAt();

    int schemaVersion();

    /** {@code null} when the event does not belong to a sync run. */
    UUID syncRunId();
}
