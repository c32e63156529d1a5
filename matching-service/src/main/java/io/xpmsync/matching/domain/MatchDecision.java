package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PartialReason;

import java.util.List;

/**
 * The verdict on one XPM record.
 *
 * @param karbonRef   the matched Karbon contact for LINKED and EXACT
 * @param candidates  ranked, best first, for PARTIAL
 * @param reason      for PARTIAL: why it is not exact
 */
public record MatchDecision(MatchOutcome outcome, ContactRef karbonRef, List<MatchCandidate> candidates,
                            PartialReason reason) {
}
