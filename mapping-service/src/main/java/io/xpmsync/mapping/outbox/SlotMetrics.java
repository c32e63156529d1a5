package io.xpmsync.mapping.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.mapping.config.MappingConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WAL the outbox's replication slot keeps PostgreSQL from recycling ({@code xpmsync_outbox_slot_retained_bytes}),
 * sampled every {@code XPMSYNC_METRICS_SAMPLE_EVERY}: it grows while the relay is stopped, and an unread slot can fill
 * the database's disk (an alert in {@code deploy/}).
 */
@ApplicationScoped
public class SlotMetrics {

    private final DataSource dataSource;
    private final String slot;
    private final AtomicLong retained = new AtomicLong();

    SlotMetrics(DataSource dataSource, MappingConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.slot = config.outbox().slot();
        Gauge.builder("xpmsync.outbox.slot.retained", retained, AtomicLong::get).baseUnit("bytes")
                .description("WAL kept by the outbox's replication slot").tag("slot", slot).register(registry);
    }

    @Scheduled(every = "${xpmsync.metrics.sample-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sample() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(),"
                     + " restart_lsn), 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rows = s.executeQuery()) {
                retained.set(rows.next() ? rows.getLong(1) : 0);
            }
        } catch (SQLException e) {
            // sampled again next time
        }
    }
}
