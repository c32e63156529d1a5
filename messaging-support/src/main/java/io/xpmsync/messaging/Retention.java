package io.xpmsync.messaging;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Keeps the service's bookkeeping tables bounded: {@code processed_event} rows older than
 * {@code XPMSYNC_RETENTION_PROCESSED_EVENTS} (default 30 days, longer than the topics keep a record, so a redelivered
 * event is always recognised) and published {@code outbox_event} rows older than {@code XPMSYNC_RETENTION_OUTBOX}
 * (default 7 days; an event not yet published is never removed) are deleted every {@code XPMSYNC_RETENTION_EVERY}
 * (default 1 hour).
 * Each table is pruned only where the service has it, in the service's own schema.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** How many rows one pass removed. */
    public record Pruned(int processedEvents, int outboxEvents) {
    }

    private final DataSource dataSource;
    private final Duration processedEvents;
    private final Duration outboxEvents;

    Retention(DataSource dataSource,
              @ConfigProperty(name = "xpmsync.retention.processed-events", defaultValue = "30d") Duration processedEvents,
              @ConfigProperty(name = "xpmsync.retention.outbox", defaultValue = "7d") Duration outboxEvents) {
        this.dataSource = dataSource;
        this.processedEvents = processedEvents;
        this.outboxEvents = outboxEvents;
    }

    @Scheduled(every = "${xpmsync.retention.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        Pruned pruned = prune();
        if (pruned.processedEvents() + pruned.outboxEvents() > 0) {
            LOG.infof("retention: removed %d processed-event rows and %d published outbox rows",
                    pruned.processedEvents(), pruned.outboxEvents());
        }
    }

    /** Prunes now, with the configured retentions. */
    public Pruned prune() {
        return prune(processedEvents, outboxEvents);
    }

    /** Prunes rows older than the given retentions. */
    public Pruned prune(Duration processedEventsRetention, Duration outboxRetention) {
        try (Connection c = dataSource.getConnection()) {
            int processed = exists(c, "processed_event") ? delete(c, "DELETE FROM processed_event WHERE processed_at"
                    + " < now() - make_interval(secs => ?)", processedEventsRetention) : 0;
            int outbox = exists(c, "outbox_event") ? delete(c, "DELETE FROM outbox_event WHERE published_at IS NOT NULL"
                    + " AND published_at < now() - make_interval(secs => ?)", outboxRetention) : 0;
            return new Pruned(processed, outbox);
        } catch (SQLException e) {
            throw new IllegalStateException("retention: " + e.getMessage(), e);
        }
    }

    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static int delete(Connection c, String sql, Duration retention) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setDouble(1, retention.toMillis() / 1000.0);
            return s.executeUpdate();
        }
    }
}
