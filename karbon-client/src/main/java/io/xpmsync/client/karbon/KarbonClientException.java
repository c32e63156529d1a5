package io.xpmsync.client.karbon;

/**
 * A call Karbon refused or that could not be completed: the HTTP status (0 when no answer came), Karbon's error code
 * and message, and the call that failed.
 */
public class KarbonClientException extends RuntimeException {

    private final int status;
    private final String code;

    public KarbonClientException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
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
