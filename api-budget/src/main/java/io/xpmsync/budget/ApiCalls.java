package io.xpmsync.budget;

/**
 * Where the API clients report what the external APIs answered, for whoever counts it (each service's metrics): one
 * observer per JVM, none by default. The clients call it on every answer, retries included, and on every pause a
 * 429 imposed; an observer must be quick and must not throw.
 */
public final class ApiCalls {

    /** Told of the answers and pauses of an external API ({@code xpm}, {@code karbon}). */
    public interface Observer {
        /** An answer with HTTP {@code status}; 0 when none came (timeout, unreachable). */
        void answered(String api, String method, int status);

        /** A 429 paused the API for a firm or practice; {@code limit}: which ({@code minute}, {@code day}, ...). */
        void paused(String api, String limit);

        /** The API said how many calls {@code key} (a firm or practice) has left under {@code limit}. */
        default void remaining(String api, String key, String limit, long remaining) {
        }
    }

    private static final Observer NONE = new Observer() {
        @Override
        public void answered(String api, String method, int status) {
        }

        @Override
        public void paused(String api, String limit) {
        }
    };

    private static volatile Observer observer = NONE;

    private ApiCalls() {
    }

    public static void observe(Observer newObserver) {
        observer = newObserver == null ? NONE : newObserver;
    }

    public static void answered(String api, String method, int status) {
        try {
            observer.answered(api, method, status);
        } catch (RuntimeException ignored) {
            // counting never fails a call
        }
    }

    public static void remaining(String api, String key, String limit, long remaining) {
        try {
            observer.remaining(api, key, limit, remaining);
        } catch (RuntimeException ignored) {
            // counting never fails a call
        }
    }

    public static void paused(String api, String limit) {
        try {
            observer.paused(api, limit == null || limit.isBlank() ? "unknown" : limit.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException ignored) {
            // counting never fails a call
        }
    }
}
