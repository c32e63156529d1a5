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
        PartialReason partialReason) implements SyncEvent {

    public MatchProposed {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }
}
