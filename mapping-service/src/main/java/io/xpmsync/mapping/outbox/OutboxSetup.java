package io.xpmsync.mapping.outbox;

import io.quarkus.runtime.StartupEvent;
import io.xpmsync.mapping.config.MappingConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes the outbox's publication and logical replication slot at start-up, before the Kafka consumers start and
 * anything is written: a row committed before the slot exists would never reach the relay. Idempotent, and safe when
 * several instances start at once.
 */
@ApplicationScoped
public class OutboxSetup {

    private final DataSource dataSource;
    private final MappingConfig config;

    OutboxSetup(DataSource dataSource, MappingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void prepare(@Observes @Priority(10) StartupEvent event) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            // Inserts only: the relay's marks (published_at) and retention's deletes are not events.
            String publication = config.outbox().publication();
            try (PreparedStatement s = c.prepareStatement(exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?",
                    publication) ? "ALTER PUBLICATION " + publication + " SET (publish = 'insert')"
                    : "CREATE PUBLICATION " + publication + " FOR TABLE outbox_event WITH (publish = 'insert')")) {
                s.execute();
            }
            if (!exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", config.outbox().slot())) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                    s.setString(1, config.outbox().slot());
                    s.execute();
                }
            }
        } catch (SQLException e) {
            // 42710: another instance created the publication or the slot at the same moment
            if (!"42710".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot prepare the outbox's publication and replication slot", e);
            }
        }
    }

    static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }
}
