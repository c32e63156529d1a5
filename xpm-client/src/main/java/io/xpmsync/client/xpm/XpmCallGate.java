package io.xpmsync.client.xpm;

import java.time.Duration;

/**
 * Where a practice's XPM allowance is kept: every call (retries included) first takes a permit, and every 429 pauses
 * the practice. {@link XpmAllowance} shares it through PostgreSQL with every replica and service; {@link
 * XpmCallBudget} keeps one instance's share in memory.
 */
public interface XpmCallGate {

    /** A call ticket; {@link #close()} when the call is over. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a call to {@code tenantId}, at most {@code maxWait}.
     *
     * @throws io.xpmsync.client.xpm.model.XpmBudgetExhaustedException if no call is possible within {@code maxWait}
     */
    Permit acquire(String tenantId, Duration maxWait);

    /** XPM asked to wait ({@code Retry-After}): no call to the practice before then. */
    void pause(String tenantId, Duration duration);

    /** As {@link #pause(String, Duration)}, naming the limit XPM said was reached ({@code X-Rate-Limit-Problem}). */
    default void pause(String tenantId, Duration duration, String limit) {
        pause(tenantId, duration);
    }
}
