package io.xpmsync.matching.domain;

import io.xpmsync.matching.domain.LabelledCorpus.Labelled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules agree with every label of a 5,000-plus record corpus. */
class LabelledCorpusTest {

    @Test
    void the_rules_classify_the_labelled_corpus_with_full_agreement() {
        LabelledCorpus corpus = LabelledCorpus.generate(20261125L, 360, 2_000);
        Matcher matcher = new Matcher();

        List<String> disagreements = new ArrayList<>();
        for (Labelled record : corpus.records()) {
            MatchDecision decision = matcher.classify(record.xpm(), corpus.index());
            if (decision.outcome() != record.outcome() || decision.reason() != record.reason()
                    || !java.util.Objects.equals(decision.karbonRef(), record.karbonRef())) {
                disagreements.add(record.category() + " '" + record.xpm().name() + "': expected " + record.outcome()
                        + "/" + record.reason() + " " + record.karbonRef() + ", got " + decision);
            }
        }

        assertThat(corpus.records()).hasSizeGreaterThanOrEqualTo(5_000);
        Map<LabelledCorpus.Category, Long> perCategory = corpus.records().stream()
                .collect(Collectors.groupingBy(Labelled::category, Collectors.counting()));
        assertThat(perCategory).hasSize(LabelledCorpus.Category.values().length);
        assertThat(disagreements).as("%d disagreements, first ones", disagreements.size())
                .isEmpty();
    }

    @Test
    void the_corpus_is_the_same_every_time() {
        LabelledCorpus a = LabelledCorpus.generate(7L, 20, 10);
        LabelledCorpus b = LabelledCorpus.generate(7L, 20, 10);

        assertThat(a.records()).isEqualTo(b.records());
    }
}
