package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.client.xpm.model.XpmException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One instance's share of each practice's XPM calls, so that normal operation never meets a 429. Xero allows a practice
 * 60 calls a minute, 5,000 a day and 5 at once; pollers and pushers each get a share (connector-service and
 * push-service configure theirs, and the shares add up to at most 1).
 *
 * <p>The minute limit is a token bucket sized so that its burst plus a minute's refill never exceeds the share in any
 * 60 seconds; the day limit a count per UTC day; concurrency a semaphore. A {@code Retry-After} from XPM pauses the
 * practice for that long. Callers wait for a call up to the time they allow; beyond it the call is refused with
 * {@link XpmBudgetExhaustedException}. Thread-safe.
 */
public final class XpmCallBudget implements XpmCallGate {

    public static final int XERO_PER_MINUTE = 60;
    public static final int XERO_PER_DAY = 5_000;
    public static final int XERO_CONCURRENT = 5;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final int perDay;
    private final int concurrent;
    private final int burst;
    private final double tokensPerNano;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * @param perMinute  calls in any 60 seconds
     * @param perDay     calls per UTC day
     * @param concurrent calls at once
     */
    public XpmCallBudget(int perMinute, int perDay, int concurrent) {
        if (perMinute < 1 || perDay < 1 || concurrent < 1) {
            throw new IllegalArgumentException("every limit must be at least 1: perMinute=" + perMinute + ", perDay="
                    + perDay + ", concurrent=" + concurrent);
        }
        this.perMinute = perMinute;
        this.perDay = perDay;
        this.concurrent = concurrent;
        this.burst = Math.max(1, Math.min(5, perMinute / 6));
        this.tokensPerNano = (double) Math.max(1, perMinute - burst) / MINUTE_NANOS;
    }

    /** {@code share} (0 &lt; share &le; 1) of Xero's per-practice limits, at least one call of each. */
    public static XpmCallBudget share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of Xero's limits must be in (0, 1], got " + share);
        }
        return new XpmCallBudget((int) Math.max(1, Math.floor(XERO_PER_MINUTE * share)),
                (int) Math.max(1, Math.floor(XERO_PER_DAY * share)),
                (int) Math.max(1, Math.floor(XERO_CONCURRENT * share)));
    }

    /** A call ticket; {@link #close()} when the call is over. */
    public interface Permit extends XpmCallGate.Permit {
    }

    /**
     * Waits for a call to {@code tenantId}, at most {@code maxWait}.
     *
     * @throws XpmBudgetExhaustedException if no call is possible within {@code maxWait}
     */
    @Override
    public Permit acquire(String tenantId, Duration maxWait) {
        Tenant tenant = tenants.computeIfAbsent(tenantId, t -> new Tenant());
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long wait = tenant.tryTake();
            if (wait == 0) {
                break;
            }
            if (wait < 0) {
                throw new XpmBudgetExhaustedException("this instance's " + perDay + " XPM calls for practice " + tenantId
                        + " today are used up", LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC));
            }
            if (System.nanoTime() + wait > deadline) {
                throw new XpmBudgetExhaustedException("no XPM call for practice " + tenantId + " within "
                        + maxWait.toMillis() + " ms (limit " + perMinute + " a minute)", Instant.now().plusNanos(wait));
            }
            sleepNanos(wait);
        }
        try {
            if (!tenant.slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new XpmBudgetExhaustedException("already " + concurrent + " XPM calls at once for practice "
                        + tenantId, Instant.now().plusSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpmException(0, true, "interrupted while waiting for an XPM call", e);
        }
        return tenant.slots::release;
    }

    /** XPM asked to wait ({@code Retry-After}): no call to the practice before then. */
    @Override
    public void pause(String tenantId, Duration duration) {
        tenants.computeIfAbsent(tenantId, t -> new Tenant()).pause(duration);
    }

    /** Calls made to the practice today through this budget. */
    public int usedToday(String tenantId) {
        Tenant tenant = tenants.get(tenantId);
        return tenant == null ? 0 : tenant.usedToday();
    }

    /** Calls this budget still allows the practice today. */
    public int remainingToday(String tenantId) {
        return perDay - usedToday(tenantId);
    }

    public int perMinute() {
        return perMinute;
    }

    public int perDay() {
        return perDay;
    }

    public int concurrent() {
        return concurrent;
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpmException(0, true, "interrupted while waiting for an XPM call", e);
        }
    }

    private final class Tenant {
        final Semaphore slots = new Semaphore(concurrent, true);
        double tokens = burst;
        long refilledAt = System.nanoTime();
        long pausedUntil = refilledAt;
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        int used;

        /** Takes a call: 0 if taken, the nanoseconds to wait otherwise, -1 if the day is used up. */
        synchronized long tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (!today.equals(day)) {
                day = today;
                used = 0;
            }
            if (used >= perDay) {
                return -1;
            }
            long wait = Math.max(pausedUntil - now, tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano));
            if (wait > 0) {
                return wait;
            }
            tokens -= 1;
            used++;
            return 0;
        }

        synchronized void pause(Duration duration) {
            pausedUntil = Math.max(pausedUntil, System.nanoTime() + duration.toNanos());
        }

        synchronized int usedToday() {
            return day.equals(LocalDate.now(ZoneOffset.UTC)) ? used : 0;
        }
    }
}
