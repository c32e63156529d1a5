package io.xpmsync.mapping.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.mapping.config.MappingConfig;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.PipelineMetrics;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Relays {@code mapping.outbox_event} to Kafka with Debezium's embedded engine (pgoutput). Exactly one instance of
 * mapping-service relays at a time: it holds a PostgreSQL session advisory lock for as long as its engine runs, and
 * another instance takes over when that session ends. A batch of records is marked processed, and its offset may be
 * flushed, only after Kafka acknowledged every event of it; after a crash the events after the last flushed offset
 * are sent again with their own event ids, which idempotent consumers drop.
 * The publication and the replication slot are made by {@link OutboxSetup} before anything is written.
 */
@ApplicationScoped
public class DebeziumRelay {

    private static final Logger LOG = Logger.getLogger(DebeziumRelay.class);
    static final String SOURCE = "/xpm-sync/mapping-service";

    private final DataSource dataSource;
    private final EventSerde serde;
    private final MappingConfig config;
    private final MutinyEmitter<String> events;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mapping-outbox-relay");
        t.setDaemon(true);
        return t;
    });

    private Connection leadership;
    private DebeziumEngine<ChangeEvent<String, String>> engine;
    private volatile boolean running;

    private final PipelineMetrics metrics;

    DebeziumRelay(PipelineMetrics metrics, DataSource dataSource, EventSerde serde, MappingConfig config,
                @Channel("mappings-out") MutinyEmitter<String> events,
                @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                @ConfigProperty(name = "quarkus.datasource.username") String user,
                @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.serde = serde;
        this.config = config;
        this.events = events;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** After start-up (the publication and slot exist, see {@link OutboxSetup}): relay if no other instance does. */
    void begin(@Observes StartupEvent event) {
        takeOver();
    }

    /** An instance without the relay checks whether the one that had it is gone. */
    @Scheduled(every = "${mapping.outbox.takeover-check:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void takeOver() {
        if (running || !config.outbox().relay()) {
            return;
        }
        try {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(true);
            if (!OutboxSetup.exists(c, "SELECT 1 WHERE pg_try_advisory_lock(hashtext(?))", "mapping-outbox-relay:"
                    + config.outbox().slot())) {
                c.close();
                return;
            }
            leadership = c;
        } catch (SQLException e) {
            LOG.warnf("outbox relay: cannot check leadership: %s", e.getMessage());
            return;
        }
        start();
    }

    /** Starts the engine (this instance holds the relay). */
    public synchronized void start() {
        if (running) {
            return;
        }
        engine = DebeziumEngine.create(Json.class)
                .using(properties())
                .notifying(this::relay)
                .using((success, message, error) -> {
                    running = false;
                    if (!success) {
                        LOG.errorf(error, "outbox relay stopped: %s", message);
                    }
                })
                .build();
        running = true;
        runner.execute(engine);
        LOG.infof("outbox relay started on slot %s", config.outbox().slot());
    }

    /** Stops the engine, as a crash of the relay would from Kafka's point of view (for tests and shutdown). */
    public synchronized void stop() {
        if (engine != null) {
            try {
                engine.close();
            } catch (IOException e) {
                LOG.warnf("outbox relay: %s", e.getMessage());
            }
            engine = null;
        }
        running = false;
    }

    public boolean running() {
        return running;
    }

    void shutdown(@Observes ShutdownEvent event) throws SQLException, InterruptedException {
        stop();
        runner.shutdown();
        runner.awaitTermination(10, TimeUnit.SECONDS);
        if (leadership != null) {
            leadership.close();
        }
    }

    private void relay(List<ChangeEvent<String, String>> records,
                       DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer) throws InterruptedException {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        List<UUID> sent = new ArrayList<>();
        Map<String, Integer> types = new HashMap<>();
        for (ChangeEvent<String, String> record : records) {
            SyncEvent event = event(record.value());
            if (event != null) {
                // sent as part of the trace it was written in (the row keeps it)
                acks.add(Traces.within(traceparent(record.value()), () -> events.sendMessage(serde.message(event,
                        SOURCE)).subscribeAsCompletionStage()));
                sent.add(event.eventId());
                types.merge(event.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        types.forEach(metrics::published);
        markPublished(sent);
        for (ChangeEvent<String, String> record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    /**
     * Marks the events Kafka acknowledged as published, as every outbox relay does, so that one health check sees a
     * stalled relay and retention prunes what was sent (the publication carries inserts only, so these updates do
     * not come back through the slot).
     */
    private void markPublished(List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE outbox_event SET published_at = now()"
                     + " WHERE event_id = ANY (?) AND published_at IS NULL")) {
            s.setArray(1, c.createArrayOf("uuid", eventIds.toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            // The events are in Kafka; the mark is bookkeeping, and the next batch's health check will show it.
            LOG.warnf("could not mark %d relayed outbox events published: %s", eventIds.size(), e.getMessage());
        }
    }

    /** The trace an outbox row was written in, or null. */
    private String traceparent(String value) {
        try {
            JsonNode change = json.readTree(value);
            JsonNode payload = change.has("payload") ? change.get("payload") : change;
            JsonNode traceparent = payload.path("after").path("traceparent");
            return traceparent.isTextual() ? traceparent.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The event in a change record of {@code outbox_event}; null for anything but an insert. */
    private SyncEvent event(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode change = json.readTree(value);
            JsonNode payload = change.has("payload") ? change.get("payload") : change;
            if (!"c".equals(payload.path("op").asText()) && !"r".equals(payload.path("op").asText())) {
                return null;
            }
            JsonNode after = payload.path("after");
            String type = after.path("type").asText();
            EventType eventType = Arrays.stream(EventType.values()).filter(t -> t.cloudEventType().equals(type))
                    .findFirst().orElseThrow(() -> new IllegalStateException("outbox row of unknown type " + type));
            return serde.decodeOwn(after.path("payload").asText(), eventType.recordClass());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable change record from the outbox: " + e.getMessage(), e);
        }
    }

    private Properties properties() {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties p = new Properties();
        p.setProperty("name", "mapping-outbox");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", PostgresOffsetStore.class.getName());
        p.setProperty(PostgresOffsetStore.URL, jdbcUrl);
        p.setProperty(PostgresOffsetStore.USER, user);
        p.setProperty(PostgresOffsetStore.PASSWORD, password);
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("database.hostname", db.getHost());
        p.setProperty("database.port", String.valueOf(db.getPort() < 0 ? 5432 : db.getPort()));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password);
        p.setProperty("database.dbname", db.getPath().substring(1));
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.outbox().slot());
        p.setProperty("publication.name", config.outbox().publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", "mapping.outbox_event");
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("topic.prefix", "xpmsync-mapping");
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("decimal.handling.mode", "string");
        return p;
    }
}
