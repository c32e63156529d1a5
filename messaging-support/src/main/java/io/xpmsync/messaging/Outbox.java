package io.xpmsync.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.SyncEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The transactional outbox of a service that publishes events derived from its own state changes: {@link #append}
 * writes the event in the caller's transaction, so it is committed exactly when the change it announces is, and
 * {@link #relayBatch} sends committed events to Kafka in commit order, marking them published only after Kafka
 * acknowledged them. A crash between the send and the mark re-sends the same event id, which idempotent consumers
 * drop. Each row keeps the trace its event was written in ({@link Traces}), and the event is sent with it. One relay
 * runs at a time across all instances of a service (a PostgreSQL advisory lock), so the order of a
 * firm's events is kept. The table {@code outbox_event} lives in the service's schema (see its Flyway migrations).
 */
@ApplicationScoped
public class Outbox {

    /** The advisory lock held by the relaying instance; scoped to the schema by {@code hashtext(current_schema)}. */
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('outbox_relay.' || current_schema()))";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int RELAY_BATCH = 500;

    private final DataSource dataSource;
    private final EventSerde serde;

    private final PipelineMetrics metrics;

    Outbox(DataSource dataSource, EventSerde serde, PipelineMetrics metrics) {
        this.dataSource = dataSource;
        this.serde = serde;
        this.metrics = metrics;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(SyncEvent event) {
        appendAll(List.of(event));
    }

    /** Writes several events in the caller's transaction, in order, with one batched statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<? extends SyncEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO outbox_event (event_id, aggregate_type, aggregate_id,"
                     + " type, payload, traceparent) VALUES (?, 'firm', ?, ?, ?, ?)")) {
            for (SyncEvent event : events) {
                s.setObject(1, event.eventId());
                s.setString(2, event.firmId());
                s.setString(3, EventType.of(event).cloudEventType());
                s.setString(4, serde.encode(event));
                s.setString(5, Traces.of(event));
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + events.size() + " events to the outbox", e);
        }
    }

    /**
     * Sends up to {@code max} unpublished events, oldest first, through {@code send} (which completes when Kafka
     * acknowledged the event), then marks them published.
     *
     * <p>The relay's transaction is a plain JDBC one on its own connection, not a JTA transaction: the sends complete
     * on Kafka's threads, and a JTA transaction that context propagation carried to them could not be committed
     * ("multiple threads active"); the marks would be rolled back and every event sent again on each round. Must not be
     * called inside a JTA transaction.
     *
     * @return how many were published; 0 also when another instance is relaying
     */
    public int relayBatch(int max, Function<SyncEvent, CompletionStage<Void>> send) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int published = relayBatch(c, max, send);
                c.commit();
                return published;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot relay the outbox", e);
        }
    }

    private int relayBatch(Connection c, int max, Function<SyncEvent, CompletionStage<Void>> send) throws SQLException {
        if (!locked(c)) {
            return 0;
        }
        List<Long> seqs = new ArrayList<>();
        Map<String, Integer> types = new HashMap<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, type, payload, traceparent FROM outbox_event"
                + " WHERE published_at IS NULL ORDER BY seq LIMIT ?")) {
            s.setInt(1, max);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                    EventType type = typeOf(rows.getString(2));
                    types.merge(type.recordClass().getSimpleName(), 1, Integer::sum);
                    SyncEvent event = serde.decodeOwn(rows.getString(3), type.recordClass());
                    // sent as part of the trace it was written in (the row keeps it)
                    acks.add(Traces.within(rows.getString(4), () -> send.apply(event)).toCompletableFuture());
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch; it is sent again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying the outbox", e);
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE outbox_event SET published_at = now() WHERE seq = ANY (?)")) {
            Array array = c.createArrayOf("bigint", seqs.toArray());
            s.setArray(1, array);
            s.executeUpdate();
        }
        types.forEach(metrics::published);
        return seqs.size();
    }

    /**
     * Relays everything committed so far through {@code channel} (each event on its own topic, keyed by firm, with
     * CloudEvents headers from {@code source}), batch after batch; what each service's scheduled relay calls.
     */
    public void relayAll(MutinyEmitter<String> channel, String source) {
        while (relayBatch(RELAY_BATCH, event -> channel.sendMessage(serde.message(event, source))
                .subscribeAsCompletionStage()) == RELAY_BATCH) {
            // a full batch: more may be waiting
        }
    }

    /** Events written but not yet acknowledged by Kafka. */
    public long pending() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE published_at IS NULL");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the outbox", e);
        }
    }

    private static boolean locked(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TRY_LOCK); ResultSet rows = s.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private static EventType typeOf(String cloudEventType) {
        return Arrays.stream(EventType.values()).filter(t -> t.cloudEventType().equals(cloudEventType)).findFirst()
                .orElseThrow(() -> new IllegalStateException("outbox row of unknown type " + cloudEventType));
    }
}
