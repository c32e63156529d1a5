package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;

import java.util.List;

/**
 * One Karbon contact that may be the XPM record's match, with the evidence for it.
 *
 * @param rank          1 is the best candidate
 * @param kindMatches   whether the Karbon contact is of the kind the XPM record becomes (person or organization)
 * @param score         similarity in [0, 1] used for ranking: exact fields first, then how alike the names are
 * @param notExactBecause  why this candidate is not an exact match; {@code null} for an exact one
 * @param mappedTo      the XPM record this Karbon contact is already mapped to, or {@code null}
 */
public record MatchCandidate(
        ContactRef karbonRef,
        String name,
        List<String> emails,
        int rank,
        boolean nameMatches,
        boolean emailMatches,
        boolean kindMatches,
        double score,
        PartialReason notExactBecause,
        ContactRef mappedTo) {

    public MatchCandidate {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
