package io.xpmsync.security;

/** A refusal for a caller of a service's REST API, sent as RFC 7807 problem details ({@link Problems}). */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String field;

    public ApiProblem(int status, String message) {
        this(status, message, null);
    }

    /** @param field the request field at fault, named in the answer */
    public ApiProblem(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
