package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.FieldChange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of pushing one Karbon change to XPM: every outcome is published, including skips (with the rule that
 * skipped) and failures (with their reason).
 *
 * @param sourceEventId  the Karbon {@link ContactChanged} that caused the push
 * @param xpmRef         the XPM record written, or {@code null} when nothing was written
 * @param reason         why it was skipped or failed; {@code null} otherwise
 * @param pushedHash     the content hash of what XPM now holds, or {@code null}
 * @param changes        what the write changed in XPM, synced fields only, each before and after (CREATED and
 *                       UPDATED); {@code null} otherwise, and in events written before it existed
 */
public record ContactPushed(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        UUID sourceEventId,
        ContactRef karbonRef,
        ContactRef xpmRef,
        PushOutcome outcome,
        String reason,
        String pushedHash,
        List<FieldChange> changes) implements SyncEvent {

    public ContactPushed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, ContactRef karbonRef, ContactRef xpmRef, PushOutcome outcome,
                         String reason, String pushedHash) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, karbonRef, xpmRef, outcome, reason,
                pushedHash, null);
    }
}
