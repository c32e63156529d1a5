package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PartialReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MatcherTest {

    private final Matcher matcher = new Matcher();
    private final ContactRef harbour = ContactRef.karbonOrganization("K-HARBOUR");
    private final ContactRef harbourLookalike = ContactRef.karbonOrganization("K-LOOKALIKE");
    private final InMemoryKarbonIndex index = new InMemoryKarbonIndex()
            .put(KarbonEntry.of(harbour, "Harbour View Holdings", List.of("info@harbour.example"), null))
            .put(KarbonEntry.of(harbourLookalike, "Harbour View Group", List.of("accounts@harbour.example"), null));

    @Test
    void name_and_email_matching_one_contact_is_exact_whatever_the_case_and_spacing() {
        MatchDecision decision = matcher.classify(
                client("  HARBOUR   view holdings ", "Company", " Info@Harbour.example "), index);

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.EXACT);
        assertThat(decision.karbonRef()).isEqualTo(harbour);
    }

    @Test
    void names_compare_after_unicode_normalisation_and_case_folding() {
        index.put(KarbonEntry.of(ContactRef.karbonOrganization("K-CAFE"), "Café Straße GmbH", List.of("c@x.example"),
                null));

        MatchDecision decision = matcher.classify(client("CAFE\u0301 STRASSE GMBH", "Company", "c@x.example"), index);

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.EXACT);
    }

    @Test
    void every_candidate_carries_its_evidence_best_first() {
        MatchDecision decision = matcher.classify(
                client("Harbour View Holdings", "Company", "accounts@harbour.example"), index);

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.PARTIAL);
        // A shared email with a near-identical name is stronger evidence than an equal name with another email.
        assertThat(decision.candidates()).extracting(MatchCandidate::karbonRef, MatchCandidate::rank,
                        MatchCandidate::nameMatches, MatchCandidate::emailMatches, MatchCandidate::notExactBecause)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(harbourLookalike, 1, false, true, PartialReason.EMAIL_ONLY),
                        org.assertj.core.groups.Tuple.tuple(harbour, 2, true, false, PartialReason.NAME_ONLY));
        assertThat(decision.candidates().get(0).score()).isGreaterThan(decision.candidates().get(1).score());
        assertThat(decision.reason()).isEqualTo(PartialReason.EMAIL_ONLY);
    }

    @Test
    void an_email_only_candidate_with_an_unlike_name_ranks_below_an_equal_name() {
        index.put(KarbonEntry.of(ContactRef.karbonOrganization("K-OTHER"), "Totara Timber", List.of("x@t.example"),
                null));

        MatchDecision decision = matcher.classify(client("Harbour View Holdings", "Company", "x@t.example"), index);

        assertThat(decision.candidates()).extracting(MatchCandidate::karbonRef)
                .containsExactly(harbour, ContactRef.karbonOrganization("K-OTHER"));
    }

    @Test
    void a_sole_trader_becomes_a_person_so_an_organization_is_only_a_partial_candidate() {
        MatchDecision decision = matcher.classify(
                client("Harbour View Holdings", " sole TRADER ", "info@harbour.example"), index);

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.PARTIAL);
        assertThat(decision.reason()).isEqualTo(PartialReason.KIND_MISMATCH);
        assertThat(decision.candidates().get(0).kindMatches()).isFalse();
    }

    @Test
    void nothing_in_common_is_new() {
        assertThat(matcher.classify(client("Kauri Bay Trust", "Trust", "kauri@bay.example"), index).outcome())
                .isEqualTo(MatchOutcome.NEW);
    }

    @Test
    void a_mapped_record_is_linked_to_its_contact_even_when_its_name_changed() {
        ContactSnapshot xpm = client("Renamed Ltd", "Company", "new@renamed.example");
        index.map(xpm.ref(), harbour);

        MatchDecision decision = matcher.classify(xpm, index);

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINKED);
        assertThat(decision.karbonRef()).isEqualTo(harbour);
    }

    @Test
    void a_client_converted_from_a_mapped_prospect_is_linked_to_the_prospects_contact_not_a_partial() {
        ContactSnapshot prospect = client("Harbour View Holdings", "Company", "info@harbour.example");
        index.map(prospect.ref(), harbour);
        ContactSnapshot converted = client("Harbour View Holdings", "Company", "info@harbour.example");

        MatchDecision decision = matcher.classify(converted, prospect.ref(), index, List.of());

        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINKED);
        assertThat(decision.karbonRef()).isEqualTo(harbour);
        assertThat(matcher.classify(converted, index).outcome()).as("without the conversion: taken elsewhere")
                .isEqualTo(MatchOutcome.PARTIAL);
    }

    private static ContactSnapshot client(String name, String structure, String email) {
        return new ContactSnapshot(ContactRef.xpmClient(java.util.UUID.randomUUID().toString()), name, null, null,
                List.of(email), List.of(), null, null, structure, null, List.of(), false, false, null);
    }
}
