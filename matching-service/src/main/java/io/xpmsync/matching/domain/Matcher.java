package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PartialReason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's matching rules, applied to one XPM record against one firm's Karbon contacts:
 * <ul>
 *   <li>already mapped: LINKED;</li>
 *   <li>a client converted from a prospect (a new UUID in XPM) whose prospect is mapped: LINKED to the prospect's
 *       Karbon contact (mapping-service carries the mapping over);</li>
 *   <li>name and email both match exactly one Karbon contact of the right kind that is not mapped elsewhere: EXACT;</li>
 *   <li>neither name nor any email matches any Karbon contact: NEW;</li>
 *   <li>anything else: PARTIAL, with every candidate ranked and the evidence for each.</li>
 * </ul>
 * Plain Java and stateless: the same record and index always give the same decision.
 */
public final class Matcher {

    private static final Comparator<MatchCandidate> BEST_FIRST = Comparator
            .comparingDouble(MatchCandidate::score).reversed()
            .thenComparing(c -> c.karbonRef().id());

    public MatchDecision classify(ContactSnapshot xpm, KarbonIndex index) {
        return classify(xpm, index, List.of());
    }

    /** Classifies with the firm's own person structures beside the seed's (see {@link TargetKind#ofXpm}). */
    public MatchDecision classify(ContactSnapshot xpm, KarbonIndex index, List<String> personStructures) {
        return classify(xpm, null, index, personStructures);
    }

    /** As above, for a client converted from the prospect {@code convertedFrom} (null: not a conversion). */
    public MatchDecision classify(ContactSnapshot xpm, ContactRef convertedFrom, KarbonIndex index,
                                  List<String> personStructures) {
        Optional<ContactRef> mapped = index.mappedKarbonContact(xpm.ref());
        if (mapped.isEmpty() && convertedFrom != null) {
            mapped = index.mappedKarbonContact(convertedFrom);
        }
        if (mapped.isPresent()) {
            return new MatchDecision(MatchOutcome.LINKED, mapped.get(), List.of(), null);
        }
        String nameKey = Keys.name(xpm.name());
        Set<String> emailKeys = KarbonEntry.emailKeys(xpm.emails());

        Map<ContactRef, KarbonEntry> found = new LinkedHashMap<>();
        if (!nameKey.isEmpty()) {
            index.byName(nameKey).forEach(e -> found.putIfAbsent(e.ref(), e));
        }
        emailKeys.forEach(email -> index.byEmail(email).forEach(e -> found.putIfAbsent(e.ref(), e)));
        if (found.isEmpty()) {
            return new MatchDecision(MatchOutcome.NEW, null, List.of(), null);
        }

        TargetKind target = TargetKind.ofXpm(xpm, personStructures);
        List<MatchCandidate> candidates = new ArrayList<>(found.size());
        for (KarbonEntry entry : found.values()) {
            candidates.add(candidate(xpm.ref(), nameKey, emailKeys, target, entry));
        }
        List<MatchCandidate> exact = candidates.stream().filter(c -> c.notExactBecause() == null).toList();
        if (exact.size() == 1) {
            return new MatchDecision(MatchOutcome.EXACT, exact.get(0).karbonRef(), List.of(), null);
        }
        if (exact.size() > 1) {
            candidates.replaceAll(c -> c.notExactBecause() == null
                    ? withReason(c, PartialReason.SEVERAL_EXACT_CANDIDATES) : c);
        }
        candidates.sort(BEST_FIRST);
        List<MatchCandidate> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            ranked.add(withRank(candidates.get(i), i + 1));
        }
        PartialReason reason = exact.size() > 1 ? PartialReason.SEVERAL_EXACT_CANDIDATES
                : ranked.get(0).notExactBecause();
        return new MatchDecision(MatchOutcome.PARTIAL, null, List.copyOf(ranked), reason);
    }

    private static MatchCandidate candidate(ContactRef xpmRef, String nameKey, Set<String> emailKeys,
                                            TargetKind target, KarbonEntry entry) {
        boolean nameMatches = !nameKey.isEmpty() && nameKey.equals(entry.nameKey());
        boolean emailMatches = emailKeys.stream().anyMatch(entry.emailKeys()::contains);
        boolean kindMatches = entry.kind() == target;
        boolean mappedElsewhere = entry.mappedTo() != null && !entry.mappedTo().equals(xpmRef);

        PartialReason notExact;
        if (nameMatches && emailMatches) {
            notExact = mappedElsewhere ? PartialReason.CANDIDATE_ALREADY_MAPPED
                    : kindMatches ? null : PartialReason.KIND_MISMATCH;
        } else if (nameMatches) {
            notExact = emailKeys.isEmpty() || entry.emailKeys().isEmpty()
                    ? PartialReason.EMAIL_MISSING : PartialReason.NAME_ONLY;
        } else {
            notExact = PartialReason.EMAIL_ONLY;
        }
        double nameScore = nameMatches ? 1.0 : Similarity.dice(nameKey, entry.nameKey());
        double score = 0.45 * nameScore + (emailMatches ? 0.35 : 0) + (kindMatches ? 0.1 : 0)
                + (mappedElsewhere ? 0 : 0.1);
        return new MatchCandidate(entry.ref(), entry.name(), entry.emails(), 0, nameMatches, emailMatches,
                kindMatches, Math.round(score * 10_000) / 10_000.0, notExact, entry.mappedTo());
    }

    private static MatchCandidate withReason(MatchCandidate c, PartialReason reason) {
        return new MatchCandidate(c.karbonRef(), c.name(), c.emails(), c.rank(), c.nameMatches(), c.emailMatches(),
                c.kindMatches(), c.score(), reason, c.mappedTo());
    }

    private static MatchCandidate withRank(MatchCandidate c, int rank) {
        return new MatchCandidate(c.karbonRef(), c.name(), c.emails(), rank, c.nameMatches(), c.emailMatches(),
                c.kindMatches(), c.score(), c.notExactBecause(), c.mappedTo());
    }
}
