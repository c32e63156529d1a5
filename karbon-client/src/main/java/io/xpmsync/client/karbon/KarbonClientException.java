package io.xpmsync.client.karbon;

import java.time.Duration;
import java.util.Optional;

/**
 * A call Karbon refused or that could not be completed: the HTTP status (0 when no answer came), Karbon's error code
 * and message, and the call that failed.
 */
public class KarbonClientException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public KarbonClientException(int status, String code, String message, Throwable cause) {
        this(status, code, message, cause, null);
    }

    public KarbonClientException(int status, String code, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** A rate-limited call: how long Karbon (or the firm's allowance) asked to wait before the next one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Worth trying again later: a timeout, Karbon unreachable, a 5xx, a 429, or a 409 (Karbon's {@code
     * StaleObjectState}: the record changed under the call).
     */
    public boolean isTransient() {
        return status == 0 || status == 409 || status == 429 || status >= 500;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
