package io.xpmsync.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics every service shares, named {@code xpmsync.*} (Prometheus: {@code xpmsync_*}) and tagged with the
 * service: events consumed and dead-lettered per channel, events published per event type, the outbox's backlog and
 * the age of its oldest unpublished event, and the depth and oldest item of each work queue the service names in
 * {@code xpmsync.metrics.work-queues} ({@code name=table.timeColumn,...}), all sampled every
 * {@code XPMSYNC_METRICS_SAMPLE_EVERY} (10 s). Firms are never a tag: their number is unbounded. The service's own metrics (sync runs, verdicts, queues, push latency, API calls)
 * are in each service.
 */
@ApplicationScoped
public class PipelineMetrics {

    private static final Pattern DEAD_LETTER_CHANNEL =
            Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.dead-letter-queue\\.topic");
    private static final Pattern QUEUE = Pattern.compile("([a-z][a-z0-9-]*)=([a-z_][a-z0-9_]*)\\.([a-z_][a-z0-9_]*)");

    private final MeterRegistry registry;
    private final DataSource dataSource;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final AtomicLong outboxOldestSeconds = new AtomicLong();
    private volatile boolean hasOutbox = true;
    private final List<WorkQueue> queues = new ArrayList<>();

    /** A work queue: a table whose rows are work to do, and the column saying since when each waits. */
    private record WorkQueue(String name, String table, String since, AtomicLong depth, AtomicLong oldestSeconds) {
    }

    PipelineMetrics(MeterRegistry registry, DataSource dataSource,
                    @ConfigProperty(name = "xpmsync.metrics.work-queues") Optional<List<String>> workQueues,
                    Config config) {
        this.registry = registry;
        this.dataSource = dataSource;
        // every channel's counts exist from the start (0 rather than no data on a dashboard)
        for (String name : config.getPropertyNames()) {
            Matcher channel = DEAD_LETTER_CHANNEL.matcher(name);
            if (channel.matches()) {
                consumed(channel.group(1), 0);
                counter("xpmsync.events.dead.lettered", "records sent to a dead-letter topic", "channel",
                        channel.group(1));
            }
        }
        for (String queue : workQueues.orElse(List.of())) {
            Matcher m = QUEUE.matcher(queue.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("xpmsync.metrics.work-queues: '" + queue + "' is not"
                        + " name=table.column");
            }
            WorkQueue q = new WorkQueue(m.group(1), m.group(2), m.group(3), new AtomicLong(), new AtomicLong());
            queues.add(q);
            Gauge.builder("xpmsync.work.queue.depth", q.depth(), AtomicLong::get).description("work waiting")
                    .tag("queue", q.name()).register(registry);
            Gauge.builder("xpmsync.work.queue.oldest.seconds", q.oldestSeconds(), AtomicLong::get)
                    .description("how long the oldest waiting work has waited").baseUnit("seconds")
                    .tag("queue", q.name()).register(registry);
        }
        Gauge.builder("xpmsync.outbox.backlog", outboxBacklog, AtomicLong::get)
                .description("events written to the outbox and not yet acknowledged by Kafka").register(registry);
        Gauge.builder("xpmsync.outbox.oldest.seconds", outboxOldestSeconds, AtomicLong::get)
                .description("how long the oldest unpublished outbox event has waited").baseUnit("seconds")
                .register(registry);
    }

    /** Every meter of the service carries {@code service}, so one dashboard serves all services. */
    @Produces
    @Singleton
    static MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(Tags.of("service", service));
    }

    public void consumed(String channel, int records) {
        counter("xpmsync.events.consumed", "records a Kafka consumer received", "channel", channel).increment(records);
    }

    public void deadLettered(String channel) {
        counter("xpmsync.events.dead.lettered", "records sent to a dead-letter topic", "channel", channel).increment();
    }

    public void published(String eventType, int events) {
        counter("xpmsync.events.published", "events Kafka acknowledged", "type", eventType).increment(events);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Scheduled(every = "${xpmsync.metrics.sample-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sample() {
        sampleOutbox();
        for (WorkQueue q : queues) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min("
                         + q.since() + ")), 0) FROM " + q.table());
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                q.depth().set(rows.getLong(1));
                q.oldestSeconds().set(Math.max(0, (long) rows.getDouble(2)));
            } catch (SQLException e) {
                // sampled again next time
            }
        }
    }

    void sampleOutbox() {
        if (!hasOutbox) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!Retention.exists(c, "outbox_event")) {
                hasOutbox = false;
                return;
            }
            try (PreparedStatement s = c.prepareStatement("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now()"
                    + " - min(created_at)), 0) FROM outbox_event WHERE published_at IS NULL");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                outboxBacklog.set(rows.getLong(1));
                outboxOldestSeconds.set((long) rows.getDouble(2));
            }
        } catch (SQLException e) {
            // the next sample tries again; the health check reports an unreadable outbox
        }
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }
}
