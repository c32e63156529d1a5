package io.xpmsync.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A firm's Contact Sync Settings as they are now. Published by connector-service on a compacted topic keyed by firm,
 * so the latest settings of every firm can always be read from the start of the topic.
 *
 * @param forgotten {@code true} when the firm disconnected and asked xpm-sync to forget it: every service deletes what
 *                  it keeps of the firm and takes none of its events until settings without this mark arrive (the firm
 *                  connects or saves settings again). Being the firm's latest record on the compacted topic, it also
 *                  stands for the firm there. Absent (null) otherwise, as in events written before it existed.
 */
public record SyncSettingsChanged(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        SyncSettings settings,
        Boolean forgotten) implements SyncEvent {

    public SyncSettingsChanged(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                               SyncSettings settings) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, settings, null);
    }

    /** Whether the firm asked to be forgotten. */
    public boolean forgetsFirm() {
        return Boolean.TRUE.equals(forgotten);
    }
}
