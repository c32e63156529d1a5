package io.xpmsync.infra;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process broker and embedded PostgreSQL log a great deal at INFO into the host JVM's log (a test's or the
 * launcher's). Kept to warnings; the loggers are held here so the setting is not garbage-collected with them.
 */
final class QuietLogging {

    private static final List<Logger> LOGGERS = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"), Logger.getLogger("io.zonky"));

    private QuietLogging() {
    }

    static void apply() {
        LOGGERS.forEach(l -> l.setLevel(Level.WARNING));
    }
}
