package io.xpmsync.client.xpm.model;

/**
 * XPM answered {@code <Status>ERROR</Status>} (possibly with HTTP 200), or with XML that is not what was asked for.
 * Not retryable: the same request gets the same answer.
 */
public class XpmErrorException extends XpmException {

    private final String description;

    public XpmErrorException(String message, String description) {
        super(0, false, message, null);
        this.description = description;
    }

    /** XPM's {@code ErrorDescription}. */
    public String description() {
        return description;
    }
}
