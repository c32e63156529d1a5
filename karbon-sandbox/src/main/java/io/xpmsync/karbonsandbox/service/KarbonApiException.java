package io.xpmsync.karbonsandbox.service;

/** A request the Karbon API refuses, with the HTTP status and the OData error it answers with. */
public class KarbonApiException extends RuntimeException {

    private final int status;
    private final String code;

    public KarbonApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static KarbonApiException badRequest(String message) {
        return new KarbonApiException(400, "BadRequest", message);
    }

    public static KarbonApiException notFound(String what, String key) {
        return new KarbonApiException(404, "NotFound", what + " '" + key + "' does not exist");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
