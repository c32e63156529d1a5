package io.xpmsync.client.karbon;

import java.time.Duration;

/**
 * Where a firm's Karbon allowance is kept: asked before every call the client makes (retries included) and told of
 * every 429, so that every replica and service spending the same allowance knows of it.
 */
public interface KarbonCallGate {

    /** Lets nothing wait: for tests and tools that are not part of a firm's allowance. */
    KarbonCallGate OPEN = () -> {
    };

    /**
     * Returns when one call may go now, having counted it; throws {@link KarbonClientException} (status 429, with
     * {@link KarbonClientException#retryAfter()}) when the caller should not wait that long.
     */
    void beforeCall();

    /** Karbon answered 429 and asked for {@code retryAfter}. */
    default void rateLimited(Duration retryAfter) {
    }
}
