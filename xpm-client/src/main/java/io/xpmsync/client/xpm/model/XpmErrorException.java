package io.xpmsync.client.xpm.model;

/** XPM answered {@code <Status>ERROR</Status>} (possibly with HTTP 200), or with no status at all. */
public class XpmErrorException extends RuntimeException {

    private final String description;

    public XpmErrorException(String message, String description) {
        super(message);
        this.description = description;
    }

    /** XPM's {@code ErrorDescription}. */
    public String description() {
        return description;
    }
}
