package io.xpmsync.matching.domain;

import io.xpmsync.matching.domain.LabelledCorpus.Labelled;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Classification throughput in-process, on one thread, against a firm of 20,000 Karbon contacts. A benchmark, not a
 * test: it prints figures and asserts nothing about time. Not part of the suite (the name does not end in Test):
 * {@code ./mvnw -pl matching-service test -Dtest=MatchingThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class MatchingThroughputBenchmark {

    @Test
    void classify_against_a_20000_contact_firm() {
        // 360 cases of 14 categories create about 7,900 Karbon contacts; fillers bring the firm to 20,000.
        LabelledCorpus probe = LabelledCorpus.generate(1L, 360, 0);
        LabelledCorpus corpus = LabelledCorpus.generate(1L, 360, 20_000 - probe.index().size());
        List<Labelled> records = corpus.records();
        Matcher matcher = new Matcher();

        int sink = 0;
        for (int warmup = 0; warmup < 20; warmup++) {
            for (Labelled r : records) {
                sink += matcher.classify(r.xpm(), corpus.index()).candidates().size();
            }
        }
        int rounds = 40;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (Labelled r : records) {
                sink += matcher.classify(r.xpm(), corpus.index()).candidates().size();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long classified = (long) rounds * records.size();
        System.out.printf("matching benchmark: %,d Karbon contacts, %,d classifications in %.2f s on one thread: "
                + "%,.0f records/s (checksum %d)%n", corpus.index().size(), classified, seconds,
                classified / seconds, sink);
    }
}
