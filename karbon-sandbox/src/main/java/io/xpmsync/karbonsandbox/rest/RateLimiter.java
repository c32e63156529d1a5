package io.xpmsync.karbonsandbox.rest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Karbon's limit of about 120 requests a minute per application and account, as a sliding window per access key. */
@ApplicationScoped
public class RateLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
    private final Map<String, Long> throttledUntil = new ConcurrentHashMap<>();

    RateLimiter(@ConfigProperty(name = "karbon-sandbox.rate-limit.per-minute", defaultValue = "120") int perMinute) {
        this.perMinute = perMinute;
    }

    /**
     * Fault injection: for {@code seconds}, every call with this access key is answered 429 (a storm of them, as a
     * firm would meet when another application spends the same allowance).
     */
    public void throttle(String accessKey, long seconds) {
        throttledUntil.put(accessKey, System.nanoTime() + seconds * 1_000_000_000L);
    }

    /** Records a call; returns 0 if allowed, otherwise the seconds until one more call would be. */
    public long acquire(String accessKey) {
        Long until = throttledUntil.get(accessKey);
        if (until != null) {
            long left = until - System.nanoTime();
            if (left > 0) {
                return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
            }
            throttledUntil.remove(accessKey, until);
        }
        Deque<Long> window = calls.computeIfAbsent(accessKey, k -> new ArrayDeque<>());
        synchronized (window) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= WINDOW_NANOS) {
                window.pollFirst();
            }
            if (window.size() >= perMinute) {
                return Math.max(1, (WINDOW_NANOS - (now - window.peekFirst()) + 999_999_999L) / 1_000_000_000L);
            }
            window.addLast(now);
            return 0;
        }
    }
}
