package io.xpmsync.client.karbon;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to reach one firm's Karbon.
 *
 * @param baseUrl        e.g. {@code https://api.karbonhq.com} (the sandbox locally)
 * @param applicationId  sent as {@code Authorization: Bearer}
 * @param accessKey      the firm's {@code AccessKey}
 * @param maxAttempts    attempts per call, the first included, for 429, 5xx and timeouts
 * @param initialBackoff the first wait between attempts after a 5xx or timeout; doubles each time, with jitter
 * @param maxRetryAfter  the longest {@code Retry-After} the client waits out; longer ones fail the call at once
 *                       ({@link Duration#ZERO}: every 429 fails the call, for callers that pause the firm's work)
 * @param gate           the firm's allowance, asked before every call and told of every 429
 * @param bearer         what is sent as {@code Authorization: Bearer} on each call: the application id, or, when
 *                       calling through xpm-sync's Karbon proxy, the calling service's own access token
 */
public record KarbonClientConfig(URI baseUrl, String applicationId, String accessKey, int maxAttempts,
                                 Duration initialBackoff, Duration requestTimeout, Duration maxRetryAfter,
                                 KarbonCallGate gate, Supplier<String> bearer) {

    public KarbonClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(accessKey, "accessKey");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        gate = gate == null ? KarbonCallGate.OPEN : gate;
        bearer = bearer == null ? () -> applicationId : bearer;
    }

    public KarbonClientConfig(URI baseUrl, String applicationId, String accessKey, int maxAttempts,
                              Duration initialBackoff, Duration requestTimeout, Duration maxRetryAfter,
                              KarbonCallGate gate) {
        this(baseUrl, applicationId, accessKey, maxAttempts, initialBackoff, requestTimeout, maxRetryAfter, gate, null);
    }

    public KarbonClientConfig(URI baseUrl, String applicationId, String accessKey, int maxAttempts,
                              Duration initialBackoff, Duration requestTimeout, Duration maxRetryAfter) {
        this(baseUrl, applicationId, accessKey, maxAttempts, initialBackoff, requestTimeout, maxRetryAfter,
                KarbonCallGate.OPEN);
    }

    /** The same, spending the allowance kept by {@code gate}. */
    public KarbonClientConfig withGate(KarbonCallGate gate) {
        return new KarbonClientConfig(baseUrl, applicationId, accessKey, maxAttempts, initialBackoff, requestTimeout,
                maxRetryAfter, gate, bearer);
    }

    /** The same, sending {@code bearer}'s current value as {@code Authorization: Bearer} (a token that renews). */
    public KarbonClientConfig withBearer(Supplier<String> bearer) {
        return new KarbonClientConfig(baseUrl, applicationId, accessKey, maxAttempts, initialBackoff, requestTimeout,
                maxRetryAfter, gate, bearer);
    }

    /** The same, waiting out a {@code Retry-After} up to {@code maxRetryAfter} (zero: none). */
    public KarbonClientConfig withMaxRetryAfter(Duration maxRetryAfter) {
        return new KarbonClientConfig(baseUrl, applicationId, accessKey, maxAttempts, initialBackoff, requestTimeout,
                maxRetryAfter, gate, bearer);
    }

    /** Sensible defaults: 5 attempts, 200 ms first backoff, 10 s per request, Retry-After up to 2 minutes. */
    public static KarbonClientConfig of(URI baseUrl, String applicationId, String accessKey) {
        return new KarbonClientConfig(baseUrl, applicationId, accessKey, 5, Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMinutes(2));
    }
}
