package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * matching-service's verdict on one XPM record. Carries the XPM record's whole synced state so that mapping-service
 * can write it to Karbon without asking XPM again.
 *
 * @param sourceEventId  the {@link ContactChanged} this verdict answers
 * @param karbonRef      the matched Karbon contact for LINKED and EXACT; {@code null} otherwise
 * @param candidates     ranked, for PARTIAL; may be empty otherwise
 * @param partialReason  for PARTIAL only
 * @param preview        true for a verdict of a Preview Sync (its XPM change was a preview): what a Sync Now would
 *                       decide, acted on by nobody; absent means false
 * @param xpmReadAt      when connector-service read the XPM record (its {@code ContactChanged}'s time): a value read
 *                       before the two systems last agreed on a field never overwrites it; absent: not known
 * @param convertedFrom  the prospect the XPM client was converted from (its {@link ContactChanged}'s), whose mapping
 *                       mapping-service carries over to this record; absent: not a conversion
 */
public record MatchProposed(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        UUID sourceEventId,
        MatchOutcome outcome,
        ContactSnapshot xpmRecord,
        ContactRef karbonRef,
        List<MatchCandidate> candidates,
        PartialReason partialReason,
        Boolean preview,
        Instant xpmReadAt,
        ContactRef convertedFrom) implements SyncEvent {

    public MatchProposed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, MatchOutcome outcome, ContactSnapshot xpmRecord, ContactRef karbonRef,
                         List<MatchCandidate> candidates, PartialReason partialReason) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, outcome, xpmRecord, karbonRef,
                candidates, partialReason, null, null, null);
    }

    public MatchProposed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, MatchOutcome outcome, ContactSnapshot xpmRecord, ContactRef karbonRef,
                         List<MatchCandidate> candidates, PartialReason partialReason, Boolean preview) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, outcome, xpmRecord, karbonRef,
                candidates, partialReason, preview, null, null);
    }

    public MatchProposed(UUID eventId, String firmId, Instant occurredAt, int schemaVersion, UUID syncRunId,
                         UUID sourceEventId, MatchOutcome outcome, ContactSnapshot xpmRecord, ContactRef karbonRef,
                         List<MatchCandidate> candidates, PartialReason partialReason, Boolean preview,
                         Instant xpmReadAt) {
        this(eventId, firmId, occurredAt, schemaVersion, syncRunId, sourceEventId, outcome, xpmRecord, karbonRef,
                candidates, partialReason, preview, xpmReadAt, null);
    }

    public MatchProposed {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** Whether this is a Preview Sync's verdict: to be shown, never acted on. */
    public boolean inPreview() {
        return Boolean.TRUE.equals(preview);
    }
}
