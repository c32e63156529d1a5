package io.xpmsync.client.xpm.model;

/**
 * Anything that went wrong talking to XPM, with the HTTP status when there was one (0 when XPM was not reached or
 * answered 200 with {@code Status ERROR}) and whether trying again later may succeed.
 */
public class XpmException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    public XpmException(int status, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    /** {@code true} for faults that may pass (XPM unreachable, 5xx, rate or budget limits); {@code false} otherwise. */
    public boolean retryable() {
        return retryable;
    }
}
