package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;

import java.util.List;

/**
 * One Karbon contact that may be the XPM record's match, with the evidence for it.
 *
 * @param rank       1 is the best candidate
 * @param mappedTo   the XPM record this Karbon contact is already mapped to, or {@code null}
 */
public record MatchCandidate(
        ContactRef karbonRef,
        String name,
        List<String> emails,
        int rank,
        boolean nameMatches,
        boolean emailMatches,
        ContactRef mappedTo) {

    public MatchCandidate {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
