package io.xpmsync.xpmsandbox.service;

/**
 * An error XPM reports in its XML envelope ({@code <Status>ERROR</Status><ErrorDescription>}). Like XPM, the sandbox
 * answers validation errors with HTTP 200 and reserves other statuses for what HTTP itself says (400 unreadable body,
 * 404 unknown record).
 */
public class XpmApiException extends RuntimeException {

    private final int status;

    public XpmApiException(int status, String description) {
        super(description);
        this.status = status;
    }

    public static XpmApiException invalid(String description) {
        return new XpmApiException(200, description);
    }

    public static XpmApiException notFound(String what, Object id) {
        return new XpmApiException(404, what + " " + id + " not found");
    }

    public int status() {
        return status;
    }
}
