package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.sample.KarbonSeed;
import io.xpmsync.sample.PracticeGenerator;
import io.xpmsync.sample.SamplePractice;
import io.xpmsync.sample.XpmSeed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample practice's overlaps are what the matching rules make of them, so the sandboxes seed meaningful data. */
class SamplePracticeMatchingTest {

    @Test
    void every_generated_overlap_is_classified_as_labelled() {
        SamplePractice practice = PracticeGenerator.generate(2026, 2_000);
        InMemoryKarbonIndex index = new InMemoryKarbonIndex();
        for (int i = 0; i < practice.karbon().size(); i++) {
            KarbonSeed seed = practice.karbon().get(i);
            index.put(KarbonEntry.of(ref(i, seed), seed.name(), seed.emails(), null));
        }

        List<String> disagreements = new ArrayList<>();
        Matcher matcher = new Matcher();
        for (XpmSeed seed : practice.xpm()) {
            MatchDecision decision = matcher.classify(seed.record(), index);
            boolean agrees = switch (seed.overlap()) {
                case EXACT -> decision.outcome() == MatchOutcome.EXACT
                        && decision.karbonRef().equals(ref(seed.karbon(), practice.karbon().get(seed.karbon())));
                case NAME_ONLY -> decision.reason() == PartialReason.NAME_ONLY;
                case EMAIL_ONLY -> decision.reason() == PartialReason.EMAIL_ONLY;
                case NEW -> decision.outcome() == MatchOutcome.NEW;
            };
            if (!agrees) {
                disagreements.add(seed.overlap() + " " + seed.record().name() + " -> " + decision);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static ContactRef ref(int index, KarbonSeed seed) {
        return seed.person() ? ContactRef.karbonPerson("K" + index) : ContactRef.karbonOrganization("K" + index);
    }
}
