package io.xpmsync.karbonsandbox.rest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many {@code /v3} calls each firm's credentials made since the sandbox started, by HTTP method, and how many
 * the rate limit refused: what a sync cost in Karbon calls.
 */
@ApplicationScoped
public class ApiCalls {

    /** A firm's calls: {@code byMethod} counts the calls let through, {@code rateLimited} the 429s. */
    public record Counts(long total, Map<String, Long> byMethod, long rateLimited) {
    }

    private static final String RATE_LIMITED = "429";

    private final Map<String, Map<String, LongAdder>> calls = new ConcurrentHashMap<>();

    void allowed(String firmId, String method) {
        counter(firmId, method).increment();
    }

    void rateLimited(String firmId) {
        counter(firmId, RATE_LIMITED).increment();
    }

    public Counts of(String firmId) {
        Map<String, Long> byMethod = new TreeMap<>();
        calls.getOrDefault(firmId, Map.of()).forEach((method, count) -> byMethod.put(method, count.sum()));
        Long limited = byMethod.remove(RATE_LIMITED);
        return new Counts(byMethod.values().stream().mapToLong(Long::longValue).sum(), byMethod,
                limited == null ? 0 : limited);
    }

    private LongAdder counter(String firmId, String key) {
        return calls.computeIfAbsent(firmId, f -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> new LongAdder());
    }
}
