package io.xpmsync.client.xpm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach XPM.
 *
 * @param baseUrl        the API root, e.g. {@code https://api.xero.com/practicemanager/3.1/} (the sandbox locally)
 * @param maxAttempts    attempts per call, the first included, for 429, 5xx, timeouts and malformed answers to reads
 * @param initialBackoff the first wait after a 5xx or timeout; doubles each time, with jitter
 * @param requestTimeout how long one call may take; for the whole practice's list, how long its answer may pause
 *                       (it may take {@link #listTimeout()} to begin)
 * @param maxRetryAfter  the longest {@code Retry-After} waited out; a longer one fails the call as retryable
 */
public record XpmApiConfig(URI baseUrl, int maxAttempts, Duration initialBackoff, Duration requestTimeout,
                           Duration maxRetryAfter) {

    public XpmApiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        String url = baseUrl.toString();
        baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
    }

    /**
     * How long XPM may take to begin answering the whole practice's list: ten times {@code requestTimeout} (Xero's
     * forum reports minutes for 15,000 clients).
     */
    public Duration listTimeout() {
        return requestTimeout.multipliedBy(10);
    }

    /** 5 attempts, 250 ms first backoff, 60 s per request (a whole practice's list is one call), Retry-After up to 2 minutes. */
    public static XpmApiConfig of(URI baseUrl) {
        return new XpmApiConfig(baseUrl, 5, Duration.ofMillis(250), Duration.ofSeconds(60), Duration.ofMinutes(2));
    }
}
