package io.xpmsync.matching.domain;

import java.util.HashMap;
import java.util.Map;

/** How alike two names are, for ranking candidates whose names do not match exactly. */
final class Similarity {

    private Similarity() {
    }

    /** Sørensen–Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
    static double dice(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        if (a.length() < 2 || b.length() < 2) {
            return 0.0;
        }
        Map<Integer, Integer> bigrams = new HashMap<>();
        for (int i = 0; i < a.length() - 1; i++) {
            bigrams.merge(bigram(a, i), 1, Integer::sum);
        }
        int common = 0;
        for (int i = 0; i < b.length() - 1; i++) {
            Integer count = bigrams.get(bigram(b, i));
            if (count != null && count > 0) {
                common++;
                bigrams.put(bigram(b, i), count - 1);
            }
        }
        return 2.0 * common / (a.length() - 1 + b.length() - 1);
    }

    private static int bigram(String s, int i) {
        return (s.charAt(i) << 16) | s.charAt(i + 1);
    }
}
