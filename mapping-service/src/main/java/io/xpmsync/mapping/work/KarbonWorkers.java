package io.xpmsync.mapping.work;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.mapping.config.MappingConfig;
import io.xpmsync.mapping.karbon.KarbonBudget;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that apply queued verdicts to Karbon. Each claims one firm at a time and applies its verdicts for at
 * most a slice, then lets the next firm in: each XPM record's verdicts in the order they arrived, different records
 * side by side (up to {@code MAPPING_WORK_RECORDS_AT_ONCE}), an XPM contact after its client when both wait. Before each verdict the firm's Karbon allowance is asked; a firm
 * that must wait (its allowance, a 429's {@code Retry-After}, a retry's backoff) is postponed and the worker moves on
 * to another firm, so one firm's limits never hold up another.
 *
 * <p>A verdict that fails transiently (Karbon unreachable, 5xx, 409, a timeout) is tried again with backoff, up to
 * {@code MAPPING_WORK_MAX_ATTEMPTS}; one Karbon refuses, or that keeps failing, counts as failed for its run and is
 * listed with its reason, so a run's progress always ends.
 */
@ApplicationScoped
public class KarbonWorkers {

    private static final Logger LOG = Logger.getLogger(KarbonWorkers.class);
    /** A round takes this many verdicts for each record a worker may apply at once. */
    private static final int ROUNDS_OF = 4;

    private final KarbonWorkQueue queue;
    private final KarbonWorkHandler handler;
    private final KarbonBudget budget;
    private final MappingConfig.Work config;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService pool;
    private ExecutorService records;

    KarbonWorkers(KarbonWorkQueue queue, KarbonWorkHandler handler, KarbonBudget budget, MappingConfig config) {
        this.queue = queue;
        this.handler = handler;
        this.budget = budget;
        this.config = config.work();
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread thread = new Thread(r, "karbon-worker-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < config.workers(); i++) {
            pool.submit(this::work);
        }
        if (config.recordsAtOnce() > 1) {
            records = Executors.newFixedThreadPool(config.workers() * config.recordsAtOnce(), r -> {
                Thread thread = new Thread(r, "karbon-record-" + ids.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake();
        if (pool != null) {
            pool.shutdown();
            pool.awaitTermination(15, TimeUnit.SECONDS);
        }
        if (records != null) {
            records.shutdown();
        }
    }

    /** New work was queued here: an idle worker looks at once rather than at its next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void work() {
        String worker = instance + "/" + Thread.currentThread().getName();
        while (running) {
            try {
                Optional<String> firm = queue.claimFirm(worker, config.lease());
                if (firm.isEmpty()) {
                    // A firm waiting for its allowance is due again within a fraction of a second: be there then.
                    idle(queue.nextDue().filter(d -> d.compareTo(config.idlePoll()) < 0).orElse(config.idlePoll()));
                    continue;
                }
                try {
                    serve(firm.get(), worker);
                } finally {
                    queue.release(firm.get(), worker);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "Karbon worker %s: %s", worker, e.getMessage());
                    idle(config.idlePoll());
                }
            }
        }
    }

    private void serve(String firmId, String worker) {
        long end = System.nanoTime() + config.slice().toNanos();
        while (running && System.nanoTime() < end) {
            if (!renew(firmId, worker)) {
                return;
            }
            // One verdict at a time asks the allowance before each verdict; side by side, before each round.
            List<KarbonWorkQueue.Item> round = queue.next(firmId,
                    config.recordsAtOnce() <= 1 ? 1 : ROUNDS_OF * config.recordsAtOnce());
            if (round.isEmpty()) {
                return;
            }
            Optional<Duration> wait = budget.waitBefore(firmId);
            if (wait.isPresent()) {
                queue.postpone(firmId, wait.get(), budget.pause(firmId).map(ApiBudget.Pause::reason)
                        .orElse("waiting for the firm's Karbon allowance"));
                return;
            }
            // Clients (and every record that is not an XPM contact) first, then the contacts, which link to their
            // clients' Karbon contacts: a contact never goes before its client when both are in the round.
            if (!applySideBySide(firmId, worker, round.stream().filter(i -> !i.contact()).toList())
                    || !applySideBySide(firmId, worker, round.stream().filter(KarbonWorkQueue.Item::contact).toList())) {
                return;
            }
        }
    }

    /**
     * Applies verdicts of different XPM records side by side (up to {@code MAPPING_WORK_RECORDS_AT_ONCE}) and each
     * record's verdicts one after another in the order they arrived; answers whether the worker may go on with the
     * firm (false: a verdict must wait, and the records after it in its own line wait with it).
     */
    private boolean applySideBySide(String firmId, String worker, List<KarbonWorkQueue.Item> items) {
        Map<String, List<KarbonWorkQueue.Item>> byRecord = new LinkedHashMap<>();
        items.forEach(i -> byRecord.computeIfAbsent(i.xpmId(), id -> new ArrayList<>()).add(i));
        if (byRecord.size() <= 1 || records == null) {
            return byRecord.values().stream().allMatch(line -> applyInOrder(firmId, worker, line));
        }
        List<CompletableFuture<Boolean>> lines = byRecord.values().stream()
                .map(line -> CompletableFuture.supplyAsync(() -> applyInOrder(firmId, worker, line), records))
                .toList();
        return lines.stream().map(CompletableFuture::join).reduce(true, Boolean::logicalAnd);
    }

    private boolean applyInOrder(String firmId, String worker, List<KarbonWorkQueue.Item> line) {
        MDC.put("firmId", firmId);
        try {
            return applyEach(firmId, worker, line);
        } finally {
            MDC.remove("firmId");
        }
    }

    private boolean applyEach(String firmId, String worker, List<KarbonWorkQueue.Item> line) {
        for (KarbonWorkQueue.Item item : line) {
            // A verdict may take long (Karbon's timeouts and retries): the lease is renewed before each one, and a
            // worker that lost it (it ran out and another worker took the firm) stops, so one firm never has two.
            if (!running || !renew(firmId, worker)) {
                return false;
            }
            try {
                // the verdict's trace goes on: what this writes (the MappingConfirmed) belongs to it
                Traces.within(item.traceparent(), () -> handler.apply(item));
            } catch (RuntimeException e) {
                if (!failed(item, e)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean renew(String firmId, String worker) {
        if (queue.renew(firmId, worker, config.lease())) {
            return true;
        }
        LOG.warnf("firm %s: Karbon worker %s lost its lease on the firm; another worker serves it", firmId, worker);
        return false;
    }

    /** Handles a failed attempt; answers whether the worker may go on with the firm's next verdict. */
    private boolean failed(KarbonWorkQueue.Item item, RuntimeException e) {
        KarbonClientException karbon = karbonCause(e);
        String reason = karbon != null ? karbon.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (karbon != null && karbon.status() == 429) {
            Duration wait = karbon.retryAfter().orElse(Duration.ofSeconds(1));
            // The allowance refused the call: paused by a 429 (whichever service met it), or spent for the moment.
            queue.postpone(item.firmId(), wait, !karbon.code().equals("AllowanceSpent") ? reason
                    : budget.pause(item.firmId()).map(ApiBudget.Pause::reason)
                    .orElse("waiting for the firm's Karbon allowance"));
            return false;
        }
        boolean transientFailure = karbon == null || karbon.isTransient();
        if (transientFailure && item.attempts() + 1 < config.maxAttempts()) {
            queue.attemptFailed(item, reason);
            Duration backoff = config.initialBackoff().multipliedBy(1L << Math.min(item.attempts(), 10));
            queue.postpone(item.firmId(), backoff, "retrying " + describe(item) + " after: " + reason);
            LOG.infof("firm %s: %s failed (attempt %d), retried in %d ms: %s", item.firmId(), describe(item),
                    item.attempts() + 1, backoff.toMillis(), reason);
            return false;
        }
        LOG.warnf("firm %s: %s could not be applied to Karbon: %s", item.firmId(), describe(item), reason);
        queue.fail(item, reason);
        return true;
    }

    private static String describe(KarbonWorkQueue.Item item) {
        return item.xpmName() == null ? "XPM record " + item.xpmId() : "'" + item.xpmName() + "'";
    }

    private static KarbonClientException karbonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KarbonClientException k) {
                return k;
            }
        }
        return null;
    }

    private void idle(Duration atMost) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(1, atMost.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
