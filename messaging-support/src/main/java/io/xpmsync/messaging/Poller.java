package io.xpmsync.messaging;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task again and again with a fixed pause between runs (never two at once), on a thread of its own, until
 * closed. For the real-time paths (outbox relays, push workers): Quarkus' {@code @Scheduled} looks at its triggers
 * once a second, so an interval below a second silently becomes a second. A failed run is logged and the next one
 * comes as planned.
 */
public final class Poller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final String name;
    private final ScheduledExecutorService executor;

    private Poller(String name, ScheduledExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    /**
     * Starts running {@code task} after {@code initialDelay} (start it when the application runs, and give its
     * channels a moment), then {@code every} after each run ends.
     */
    public static Poller start(String name, Duration initialDelay, Duration every, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: %s", name, e.getMessage());
            }
        }, initialDelay.toMillis(), Math.max(1, every.toMillis()), TimeUnit.MILLISECONDS);
        return new Poller(name, executor);
    }

    /** Stops: no new run starts; a run under way may finish within 10 s. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warnf("%s: still running after 10 s, interrupted", name);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
