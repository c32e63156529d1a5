package io.xpmsync.xpmsandbox.identity;

/** An OAuth 2.0 error (RFC 6749 §5.2): {@code error} code, description, and the HTTP status it is sent with. */
public class IdentityException extends RuntimeException {

    private final int status;
    private final String error;

    public IdentityException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
