package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.SyncedField;

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
 * @param agreed         the fields both systems agree on after this push, each with its new base (see
 *                       {@code FieldMerge}); {@code null}: none, or written before bases existed
 * @param conflicts      fields changed on both sides to different values: XPM kept its value, the firm's conflict
 *                       policy decides (mapping-service); {@code null}: none
 * @param xpmRecord      when XPM keeps changes of its own that Karbon lacks (or conflicting ones): the XPM record as it
 *                       holds now, for mapping-service to merge into Karbon at once; {@code null} otherwise
 * @param karbonRecord   with {@code xpmRecord}: the Karbon contact as pushed
 * @param karbonChangedAt with {@code xpmRecord}: when the contact changed in Karbon, as Karbon says
 * @param xpmChangedAt   with {@code xpmRecord}: when xpm-sync first saw XPM's values (XPM keeps no time per field)
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
        List<FieldChange> changes,
        List<AgreedField> agreed,
        List<SyncedField> conflicts,
        ContactSnapshot xpmRecord,
        ContactSnapshot karbonRecord,
        Instant karbonChangedAt,
        Instant xpmChangedAt) implements SyncEvent {

    public ContactPushed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, ContactRef karbonRef, ContactRef xpmRef, PushOutcome outcome,
                         String reason, String pushedHash, List<FieldChange> changes) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, karbonRef, xpmRef, outcome, reason,
                pushedHash, changes, null, null, null, null, null, null);
    }

    public ContactPushed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, ContactRef karbonRef, ContactRef xpmRef, PushOutcome outcome,
                         String reason, String pushedHash) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, karbonRef, xpmRef, outcome, reason,
                pushedHash, null);
    }
}
