package io.xpmsync.push.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** push-service's own settings; each can be set by environment variable (see the README). */
@ConfigMapping(prefix = "push")
public interface PushConfig {

    /** connector-service, which owns the XPM tokens ({@code /internal/firms/{id}/xpm-access}). */
    String connectorUrl();

    /** The XPM API root. */
    String xpmApiUrl();

    /** Xero's limits per practice, shared with connector-service through the API budgets (both must agree). */
    @WithDefault("60")
    int xpmCallsPerMinute();

    @WithDefault("5000")
    int xpmCallsPerDay();

    @WithDefault("5")
    int xpmCallsAtOnce();

    /** Practices on another Xero plan: {@code tenantId=perMinute/perDay/atOnce, …} (connector-service is given the same). */
    Optional<String> xpmPracticeLimits();

    /** Xero's limit of the app across every practice, shared with connector-service (both must agree). */
    @WithDefault("10000")
    int xpmAppCallsPerMinute();

    /** How long one XPM call may take. */
    @WithDefault("30s")
    Duration xpmTimeout();

    /** How long a push waits for the practice's budget before it is put back for later. */
    @WithDefault("2s")
    Duration budgetWait();

    /** A burst of changes to one contact within this window becomes one XPM write. */
    @WithDefault("300ms")
    Duration coalesceWindow();

    /** A contact changing without pause is still written at least this often (the coalescing window's cap). */
    @WithDefault("2s")
    Duration coalesceMax();

    /** Pushes sent to XPM side by side (each practice's budget still caps its own concurrency). */
    @WithDefault("8")
    int workers();

    /** Pushes taken per round of the worker. */
    @WithDefault("20")
    int batchSize();

    Worker worker();

    Outbox outbox();

    interface Worker {
        /** How often due pushes are looked for. */
        @WithDefault("0.1s")
        Duration every();
    }

    interface Outbox {
        /** How often committed ContactPushed events are sent to Kafka. */
        @WithDefault("0.1s")
        Duration pollInterval();
    }

    /** A push failing with a transient fault is tried this many times before it is given up as failed. */
    @WithDefault("8")
    int maxAttempts();
}
