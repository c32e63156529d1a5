package io.xpmsync.mapping.rest;

/** A refusal for a caller of mapping-service's REST API, sent as RFC 7807 problem details. */
public class ApiProblem extends RuntimeException {

    private final int status;

    public ApiProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
