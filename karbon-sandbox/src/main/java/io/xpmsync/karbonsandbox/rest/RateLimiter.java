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

    RateLimiter(@ConfigProperty(name = "karbon-sandbox.rate-limit.per-minute", defaultValue = "120") int perMinute) {
        this.perMinute = perMinute;
    }

    /** Records a call; returns 0 if allowed, otherwise the seconds until one more call would be. */
    public long acquire(String accessKey) {
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
