package io.xpmsync.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The processed-event log that makes a consumer idempotent: an event's effect and its id are committed in the same
 * transaction, so the same event twice changes nothing the second time. Each service's schema has the table
 * {@code processed_event} (see its first Flyway migration); connections default to that schema.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final DataSource dataSource;

    ProcessedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records that {@code consumer} is processing {@code eventId}. Must run inside the caller's transaction.
     *
     * @return {@code true} the first time, {@code false} if this consumer has processed the event before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, UUID eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, consumer);
            s.setObject(2, eventId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record processed event " + eventId + " for " + consumer, e);
        }
    }

    /**
     * Records that {@code consumer} is processing each of {@code eventIds}, in one statement. Must run inside the
     * caller's transaction.
     *
     * @return the ids this consumer sees for the first time
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<UUID> firstTimes(String consumer, java.util.Collection<UUID> eventIds) {
        java.util.Set<UUID> fresh = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO processed_event (consumer, event_id)"
                     + " SELECT ?, id FROM unnest(?) AS id ON CONFLICT DO NOTHING RETURNING event_id")) {
            s.setString(1, consumer);
            s.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    fresh.add(r.getObject(1, UUID.class));
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + eventIds.size() + " processed events for " + consumer, e);
        }
    }
}
