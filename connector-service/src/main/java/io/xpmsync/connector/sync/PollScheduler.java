package io.xpmsync.connector.sync;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.SyncRunEntity;
import io.xpmsync.connector.settings.SyncSettingsService;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds work and runs it in the background: a firm with a Sync Now (or an interrupted run) waiting, or whose next
 * scheduled poll is due (scheduled polls start after the firm's first completed sync: the seed's "click Sync Now"). A firm is claimed first, with {@code SKIP LOCKED} and a lease, so several connector
 * instances never poll the same firm at once; a lease not renewed (its instance died) is taken over. After its runs
 * the firm's next poll is set at an interval that fits the poll share of its practice's daily XPM allowance.
 */
@ApplicationScoped
public class PollScheduler {

    private static final Logger LOG = Logger.getLogger(PollScheduler.class);
    private static final int WORKERS = 4;

    private final EntityManager em;
    private final SyncRuns runs;
    private final SyncRunner runner;
    private final ConnectorConfig config;
    private final SyncSettingsService settings;
    private final String instance = "connector-" + UUID.randomUUID();
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "xpm-sync-run");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean stopping;

    PollScheduler(EntityManager em, SyncRuns runs, SyncRunner runner, ConnectorConfig config,
                  SyncSettingsService settings) {
        this.settings = settings;
        this.em = em;
        this.runs = runs;
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(every = "${connector.poll.check-every:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        while (!stopping && busy.get() < WORKERS) {
            Optional<String> firm = claimNext();
            if (firm.isEmpty()) {
                return;
            }
            busy.incrementAndGet();
            workers.submit(() -> {
                try {
                    work(firm.get());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "firm %s: polling failed", firm.get());
                } finally {
                    busy.decrementAndGet();
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs the firm's waiting runs, or a scheduled incremental poll if one is due and none was waiting. */
    void work(String firmId) {
        try {
            boolean ran = false;
            for (Optional<UUID> run = nextRun(firmId); run.isPresent(); run = nextRun(firmId)) {
                runner.execute(run.get());
                ran = true;
            }
            if (!ran) {
                scheduledRun(firmId).ifPresent(runner::execute);
            }
        } finally {
            release(firmId);
        }
    }

    @Transactional
    Optional<String> claimNext() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<String> claimed = em.createNativeQuery("UPDATE xpm_connection SET claimed_by = ?1, claimed_until = ?2"
                        + " WHERE firm_id = (SELECT c.firm_id FROM xpm_connection c"
                        + "   WHERE (c.claimed_until IS NULL OR c.claimed_until < ?3)"
                        + "     AND ((c.next_poll_at <= ?3 AND c.polled_up_to IS NOT NULL"
                        + "           AND c.reconnect_reason IS NULL) OR EXISTS (SELECT 1 FROM sync_run r WHERE r.firm_id = c.firm_id"
                        + "          AND r.phase IN ('QUEUED', 'FETCHING', 'DETECTING')))"
                        + "   ORDER BY c.next_poll_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING firm_id")
                .setParameter(1, instance)
                .setParameter(2, now.plus(config.poll().claimTtl()))
                .setParameter(3, now)
                .getResultList();
        return claimed.stream().findFirst();
    }

    @Transactional
    Optional<UUID> nextRun(String firmId) {
        return SyncRunEntity.<SyncRunEntity>find("firmId = ?1 and phase in ?2 order by requestedAt", firmId,
                SyncRuns.UNFINISHED).firstResultOptional().map(r -> r.id);
    }

    /**
     * The firm's scheduled poll, if due: incremental ({@code modifiedsince}), or a full read when the firm syncs
     * contacts and its last full read is older than {@code CONNECTOR_CONTACT_SWEEP} (the contact sweep: an edit of
     * a contact alone may not stamp its clients as modified, so only a full read is sure to see it; the change
     * detector publishes only what really changed). A contact-only edit is thus seen within the sweep interval plus
     * one poll interval.
     */
    @Transactional
    Optional<UUID> scheduledRun(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c == null || c.polledUpTo == null || c.nextPollAt.isAfter(Instant.now())) {
            return Optional.empty();
        }
        boolean sweep = settings.settings(firmId).scope() == SyncScope.CLIENTS_AND_CONTACTS
                && SyncRunEntity.<SyncRunEntity>find("firmId = ?1 and incremental = false and phase = ?2"
                        + " and trigger <> ?3 order by startedAt desc", firmId, SyncRunEntity.COMPLETED,
                        SyncRuns.PREVIEW).firstResultOptional()
                .map(r -> r.startedAt == null || r.startedAt.isBefore(Instant.now().minus(config.poll().contactSweep())))
                .orElse(true);
        return Optional.of(runs.queue(firmId, SyncRuns.SCHEDULED, !sweep).id);
    }

    @Transactional
    void release(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c != null && instance.equals(c.claimedBy)) {
            c.claimedBy = null;
            c.claimedUntil = null;
            c.nextPollAt = Instant.now().plus(interval(c.tenantId));
        }
    }

    /**
     * The time to the firm's next poll: at least the configured minimum, and long enough that a day of scheduled polls
     * (two calls each, at most) spends no more than the poll share of the practice's daily XPM allowance, which
     * Sync Now and push-service's writes share (a rolling 24 hours, as Xero counts it).
     */
    Duration interval(String tenantId) {
        double pollsPerDay = Math.max(1, config.xpm().callsPerDay() * config.xpm().pollShare() / 2.0);
        Duration fits = Duration.ofSeconds((long) Math.ceil(Duration.ofDays(1).toSeconds() / pollsPerDay));
        return fits.compareTo(config.poll().minInterval()) > 0 ? fits : config.poll().minInterval();
    }
}
