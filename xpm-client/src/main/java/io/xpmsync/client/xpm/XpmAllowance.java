package io.xpmsync.client.xpm;

import io.xpmsync.budget.Allowance;
import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.client.xpm.model.XpmException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A practice's XPM allowance as Xero counts it (per practice: 60 calls a minute, 5,000 in a rolling 24 hours, 5 at
 * once), kept in the shared {@link ApiBudget} so that every replica of connector-service and push-service spends one
 * allowance: no practice ever gets more from xpm-sync than Xero allows, however many instances run. A 429 pauses the
 * practice for every one of them until its {@code Retry-After} (a daily-limit 429 can be hours).
 */
public final class XpmAllowance implements XpmCallGate {

    public static final String API = "xpm";
    private static final Duration SLOT_POLL = Duration.ofMillis(25);

    /** Xero's limits for one practice; {@link #XERO} by default, other figures for other plans or tests. */
    public record Limits(int perMinute, int perDay, int atOnce) {
        public static final Limits XERO = new Limits(60, 5_000, 5);

        public Limits {
            if (perMinute < 2 || perDay < 2 || atOnce < 1) {
                throw new IllegalArgumentException("XPM limits must allow at least 2 calls a minute and a day and 1 at"
                        + " once: " + perMinute + "/" + perDay + "/" + atOnce);
            }
        }
    }

    private final ApiBudget budget;
    private final Limits limits;
    private final List<Allowance> allowances;
    private final Duration slotHold;

    /**
     * @param slotHold how long a call holds one of the practice's calls at once when its instance dies before it ends
     *                 (a little longer than a call's timeout: the call cannot be running any more)
     */
    public XpmAllowance(ApiBudget budget, Limits limits, Duration slotHold) {
        this.budget = budget;
        this.limits = limits;
        this.allowances = List.of(Allowance.perMinute(limits.perMinute()), Allowance.perDay(limits.perDay()));
        this.slotHold = slotHold;
    }

    public Limits limits() {
        return limits;
    }

    @Override
    public Permit acquire(String tenantId, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ApiBudget.Slot slot = slot(tenantId, deadline, maxWait);
        try {
            Optional<Duration> wait = budget.take(API, tenantId, allowances,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (wait.isPresent()) {
                String why = budget.pause(API, tenantId).map(ApiBudget.Pause::reason)
                        .orElse("the practice's XPM allowance (" + limits.perMinute() + " a minute, "
                                + limits.perDay() + " a day) is spent for the moment");
                throw new XpmBudgetExhaustedException("no XPM call for practice " + tenantId + " within "
                        + maxWait.toMillis() + " ms: " + why, Instant.now().plus(wait.get()));
            }
        } catch (RuntimeException e) {
            budget.release(slot);
            throw e;
        }
        return () -> budget.release(slot);
    }

    @Override
    public void pause(String tenantId, Duration duration) {
        budget.pause(API, tenantId, duration, "XPM answered 429 Too Many Requests and asked to wait "
                + Math.max(1, duration.toSeconds()) + " s");
    }

    /** The pause in force for the practice after XPM's 429, with its reason in words. */
    public Optional<ApiBudget.Pause> pause(String tenantId) {
        return budget.pause(API, tenantId);
    }

    private ApiBudget.Slot slot(String tenantId, long deadline, Duration maxWait) {
        while (true) {
            Optional<ApiBudget.Slot> slot = budget.holdSlot(API, tenantId, limits.atOnce(), slotHold);
            if (slot.isPresent()) {
                return slot.get();
            }
            if (System.nanoTime() + SLOT_POLL.toNanos() > deadline) {
                throw new XpmBudgetExhaustedException("already " + limits.atOnce() + " XPM calls at once for practice "
                        + tenantId + " for " + maxWait.toMillis() + " ms", Instant.now().plusSeconds(1));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(SLOT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XpmException(0, true, "interrupted while waiting for an XPM call", e);
            }
        }
    }
}
