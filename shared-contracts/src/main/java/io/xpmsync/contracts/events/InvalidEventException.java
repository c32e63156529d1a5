package io.xpmsync.contracts.events;

/**
 * A payload that is not a valid event of the expected type: malformed JSON, an unknown schema version, or a field
 * that breaks the schema. The message names the offending field; a consumer sends such a record to its dead-letter
 * topic and carries on.
 */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidEventException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The JSON pointer of the offending field, e.g. {@code /contact/ref/id}; {@code ""} for the whole payload. */
    public String field() {
        return field;
    }
}
