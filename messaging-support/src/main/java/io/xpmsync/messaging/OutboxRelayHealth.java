package io.xpmsync.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Whether the service's outbox is being relayed, by whichever instance relays it: DOWN when an event has waited
 * unpublished longer than {@code XPMSYNC_OUTBOX_STALLED_AFTER} (default 2 minutes), with the backlog and the oldest
 * event's age; every relay (polling or Debezium) marks the events it sent, so the same check serves all. Services
 * without an outbox report UP with no data.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    private final DataSource dataSource;
    private final Duration stalledAfter;

    OutboxRelayHealth(DataSource dataSource,
                      @ConfigProperty(name = "xpmsync.outbox.stalled-after", defaultValue = "2m") Duration stalledAfter) {
        this.dataSource = dataSource;
        this.stalledAfter = stalledAfter;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("outbox relay");
        try (Connection c = dataSource.getConnection()) {
            if (!Retention.exists(c, "outbox_event")) {
                return health.up().build();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now()"
                    + " - min(created_at)), 0) FROM outbox_event WHERE published_at IS NULL");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                long backlog = rows.getLong(1);
                long oldestSeconds = (long) rows.getDouble(2);
                health.withData("backlog", backlog).withData("oldestUnpublishedSeconds", oldestSeconds);
                if (oldestSeconds > stalledAfter.toSeconds()) {
                    return health.down().withData("reason", "an event has waited " + oldestSeconds
                            + " s to be published: no instance is relaying the outbox").build();
                }
                return health.up().build();
            }
        } catch (SQLException e) {
            return health.down().withData("reason", "the outbox cannot be read: " + e.getMessage()).build();
        }
    }
}
