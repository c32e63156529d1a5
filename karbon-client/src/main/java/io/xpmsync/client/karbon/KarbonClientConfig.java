package io.xpmsync.client.karbon;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one firm's Karbon.
 *
 * @param baseUrl        e.g. {@code https://api.karbonhq.com} (the sandbox locally)
 * @param applicationId  sent as {@code Authorization: Bearer}
 * @param accessKey      the firm's {@code AccessKey}
 * @param maxAttempts    attempts per call, the first included, for 429, 5xx and timeouts
 * @param initialBackoff the first wait between attempts after a 5xx or timeout; doubles each time, with jitter
 * @param maxRetryAfter  the longest {@code Retry-After} the client waits out; longer ones fail the call
 */
public record KarbonClientConfig(URI baseUrl, String applicationId, String accessKey, int maxAttempts,
                                 Duration initialBackoff, Duration requestTimeout, Duration maxRetryAfter) {

    public KarbonClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(accessKey, "accessKey");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Sensible defaults: 5 attempts, 200 ms first backoff, 10 s per request, Retry-After up to 2 minutes. */
    public static KarbonClientConfig of(URI baseUrl, String applicationId, String accessKey) {
        return new KarbonClientConfig(baseUrl, applicationId, accessKey, 5, Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMinutes(2));
    }
}
