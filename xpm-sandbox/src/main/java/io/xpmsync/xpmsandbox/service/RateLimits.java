package io.xpmsync.xpmsandbox.service;

import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Xero's limits: per practice 60 calls in any minute, 5,000 in any 24 hours (a rolling window, as Xero counts it:
 * "5000 API calls available in a given 24 hour period") and 5 at once; per app 10,000 a minute across practices. A
 * refused call says which limit in {@code X-Rate-Limit-Problem} ({@code minute}, {@code day}, {@code appminute},
 * {@code concurrent}) and when to come back in {@code Retry-After}: for the daily limit, when the oldest call of the
 * last 24 hours leaves the window. The defaults come from configuration; a practice may have its own (admin API), so tests can make them
 * small. State is the sandbox's working memory: a restart forgives every count, as a new minute would.
 */
@ApplicationScoped
public class RateLimits {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final long DAY_NANOS = 24 * 60 * MINUTE_NANOS;

    /** The outcome of asking for a call; {@code problem} null when allowed. */
    public record Decision(String problem, long retryAfterSeconds, int minuteRemaining, int dayRemaining,
                           int appMinuteRemaining) {
        public boolean allowed() {
            return problem == null;
        }
    }

    private final int perMinute;
    private final int perDay;
    private final int concurrent;
    private final int appPerMinute;
    private final Map<UUID, Window> windows = new ConcurrentHashMap<>();
    private final Deque<Long> appCalls = new ArrayDeque<>();

    RateLimits(@ConfigProperty(name = "xpm-sandbox.limits.per-minute", defaultValue = "60") int perMinute,
               @ConfigProperty(name = "xpm-sandbox.limits.per-day", defaultValue = "5000") int perDay,
               @ConfigProperty(name = "xpm-sandbox.limits.concurrent", defaultValue = "5") int concurrent,
               @ConfigProperty(name = "xpm-sandbox.limits.app-per-minute", defaultValue = "10000") int appPerMinute) {
        this.perMinute = perMinute;
        this.perDay = perDay;
        this.concurrent = concurrent;
        this.appPerMinute = appPerMinute;
    }

    /** Counts a call to {@code practice} if every limit allows it; call {@link #finished} when it is answered. */
    public Decision acquire(PracticeEntity practice) {
        int minuteLimit = practice.perMinute != null ? practice.perMinute : perMinute;
        int dayLimit = practice.perDay != null ? practice.perDay : perDay;
        int concurrentLimit = practice.concurrent != null ? practice.concurrent : concurrent;
        Window w = windows.computeIfAbsent(practice.tenantId, t -> new Window());
        long now = System.nanoTime();
        synchronized (appCalls) {
            prune(appCalls, now);
            synchronized (w) {
                prune(w.calls, now);
                pruneDay(w.dayCalls, now);
                int appRemaining = appPerMinute - appCalls.size();
                int day = w.dayCalls.size();
                if (w.inFlight >= concurrentLimit) {
                    return deny("concurrent", 1, minuteLimit - w.calls.size(), dayLimit - day, appRemaining);
                }
                if (day >= dayLimit) {
                    // the oldest counted call must leave the 24 hours before another fits
                    long untilFree = (DAY_NANOS - (now - w.dayCalls.peekFirst()) + 999_999_999L) / 1_000_000_000L;
                    return deny("day", Math.max(1, untilFree), minuteLimit - w.calls.size(), 0, appRemaining);
                }
                if (w.calls.size() >= minuteLimit) {
                    return deny("minute", secondsUntilFree(w.calls, now), 0, dayLimit - day, appRemaining);
                }
                if (appRemaining <= 0) {
                    return deny("appminute", secondsUntilFree(appCalls, now), minuteLimit - w.calls.size(),
                            dayLimit - day, 0);
                }
                w.calls.addLast(now);
                appCalls.addLast(now);
                w.dayCalls.addLast(now);
                w.inFlight++;
                return new Decision(null, 0, minuteLimit - w.calls.size(), dayLimit - w.dayCalls.size(),
                        appPerMinute - appCalls.size());
            }
        }
    }

    public void finished(UUID tenantId) {
        Window w = windows.get(tenantId);
        if (w != null) {
            synchronized (w) {
                w.inFlight = Math.max(0, w.inFlight - 1);
            }
        }
    }

    private static Decision deny(String problem, long retryAfter, int minute, int day, int app) {
        return new Decision(problem, retryAfter, Math.max(0, minute), Math.max(0, day), Math.max(0, app));
    }

    private static void prune(Deque<Long> calls, long now) {
        while (!calls.isEmpty() && now - calls.peekFirst() >= MINUTE_NANOS) {
            calls.pollFirst();
        }
    }

    private static void pruneDay(Deque<Long> calls, long now) {
        while (!calls.isEmpty() && now - calls.peekFirst() >= DAY_NANOS) {
            calls.pollFirst();
        }
    }

    private static long secondsUntilFree(Deque<Long> calls, long now) {
        return Math.max(1, (MINUTE_NANOS - (now - calls.peekFirst()) + 999_999_999L) / 1_000_000_000L);
    }

    private static final class Window {
        final Deque<Long> calls = new ArrayDeque<>();
        /** The calls of the last 24 hours. */
        final Deque<Long> dayCalls = new ArrayDeque<>();
        int inFlight;
    }
}
