package io.xpmsync.client.xpm;

import io.xpmsync.budget.Allowance;
import io.xpmsync.budget.ApiBudget;
import io.xpmsync.budget.ApiCalls;
import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.client.xpm.model.XpmException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A practice's XPM allowance as Xero counts it (per practice: 60 calls a minute, 5,000 in a rolling 24 hours, 5 at
 * once by default; other figures for practices on another plan, see {@link Plans}), kept in the shared {@link ApiBudget} so that every replica of connector-service and push-service spends one
 * allowance: no practice ever gets more from xpm-sync than Xero allows, however many instances run. A 429 pauses the
 * practice for every one of them until its {@code Retry-After} (a daily-limit 429 can be hours).
 *
 * <p>Xero also counts every call of the app, whichever practice it is for: 10,000 a minute across all practices
 * ({@link #XERO_APP_PER_MINUTE}). That allowance is one more bucket ({@link #ALL_PRACTICES}) taken before the
 * practice's own, so a morning of many practices stays under it by budget; a 429 for the app's minute
 * ({@code X-Rate-Limit-Problem: appminute}) pauses every practice, not just the one whose call met it.
 */
public final class XpmAllowance implements XpmCallGate {

    public static final String API = "xpm";
    /** The budget key of the app's own allowance, shared by every practice (a tenant id is a UUID: no clash). */
    public static final String ALL_PRACTICES = "all-practices";
    /** Xero's calls a minute for one app across every practice it is connected to. */
    public static final int XERO_APP_PER_MINUTE = 10_000;
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

        /** Limits written as {@code perMinute/perDay/atOnce}, e.g. {@code 60/5000/5}. */
        public static Limits parse(String text) {
            String[] parts = text.strip().split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("XPM limits are written perMinute/perDay/atOnce (e.g. 60/5000/5),"
                        + " not '" + text.strip() + "'");
            }
            try {
                return new Limits(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                        Integer.parseInt(parts[2].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("XPM limits are three whole numbers perMinute/perDay/atOnce"
                        + " (e.g. 60/5000/5), not '" + text.strip() + "'", e);
            }
        }
    }

    /**
     * The limits of every practice: {@code standard} for all but those on another Xero plan, listed by their XPM
     * tenant id. Every service that calls XPM must be given the same plans: they share each practice's allowance.
     */
    public record Plans(Limits standard, Map<String, Limits> byPractice) {

        public Plans {
            byPractice = Map.copyOf(byPractice);
        }

        public static Plans of(Limits standard) {
            return new Plans(standard, Map.of());
        }

        /**
         * Plans from the standard limits and a list of exceptions written
         * {@code tenantId=perMinute/perDay/atOnce, tenantId=…} (empty or blank: none).
         */
        public static Plans parse(Limits standard, String exceptions) {
            Map<String, Limits> byPractice = new HashMap<>();
            if (exceptions != null) {
                for (String entry : exceptions.split(",")) {
                    if (entry.isBlank()) {
                        continue;
                    }
                    int eq = entry.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("a practice's XPM limits are written"
                                + " tenantId=perMinute/perDay/atOnce, not '" + entry.strip() + "'");
                    }
                    String tenant = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    if (byPractice.put(tenant, Limits.parse(entry.substring(eq + 1))) != null) {
                        throw new IllegalArgumentException("practice " + tenant + " has XPM limits twice");
                    }
                }
            }
            return new Plans(standard, byPractice);
        }

        public Limits of(String tenantId) {
            return byPractice.getOrDefault(tenantId.toLowerCase(Locale.ROOT), standard);
        }
    }

    private final ApiBudget budget;
    private final Plans plans;
    private final Map<Limits, List<Allowance>> allowances = new ConcurrentHashMap<>();
    private final Duration slotHold;
    private final List<Allowance> app;
    private final int appPerMinute;

    /**
     * @param slotHold how long a call holds one of the practice's calls at once when its instance dies before it ends
     *                 (a little longer than a call's timeout: the call cannot be running any more)
     */
    public XpmAllowance(ApiBudget budget, Limits limits, Duration slotHold) {
        this(budget, Plans.of(limits), slotHold);
    }

    public XpmAllowance(ApiBudget budget, Plans plans, Duration slotHold) {
        this(budget, plans, XERO_APP_PER_MINUTE, slotHold);
    }

    /**
     * @param appPerMinute the app's calls a minute across every practice (Xero: {@value #XERO_APP_PER_MINUTE}); every
     *                     service calling XPM must be given the same figure, as for the practices' limits
     */
    public XpmAllowance(ApiBudget budget, Plans plans, int appPerMinute, Duration slotHold) {
        if (appPerMinute < 2) {
            throw new IllegalArgumentException("the app's XPM calls a minute must be at least 2, not " + appPerMinute);
        }
        this.budget = budget;
        this.plans = plans;
        this.slotHold = slotHold;
        this.appPerMinute = appPerMinute;
        this.app = List.of(Allowance.perMinute(appPerMinute));
    }

    /** The limits of this practice's plan. */
    public Limits limits(String tenantId) {
        return plans.of(tenantId);
    }

    private List<Allowance> allowances(Limits limits) {
        return allowances.computeIfAbsent(limits, l -> List.of(Allowance.perMinute(l.perMinute()),
                Allowance.perDay(l.perDay())));
    }

    @Override
    public Permit acquire(String tenantId, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Limits limits = plans.of(tenantId);
        ApiBudget.Slot slot = slot(tenantId, limits, deadline, maxWait);
        try {
            Optional<Duration> appWait = budget.take(API, ALL_PRACTICES, app,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (appWait.isPresent()) {
                String why = budget.pause(API, ALL_PRACTICES).map(ApiBudget.Pause::reason)
                        .orElse("the app's XPM allowance across every practice (" + appPerMinute
                                + " a minute) is spent for the moment");
                throw new XpmBudgetExhaustedException("no XPM call for practice " + tenantId + " within "
                        + maxWait.toMillis() + " ms: " + why, Instant.now().plus(appWait.get()));
            }
            Optional<Duration> wait = budget.take(API, tenantId, allowances(limits),
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
        ApiCalls.paused(API, "unknown");
        budget.pause(API, tenantId, duration, "XPM answered 429 Too Many Requests and asked to wait "
                + Math.max(1, duration.toSeconds()) + " s");
    }

    @Override
    public void pause(String tenantId, Duration duration, String limit) {
        boolean daily = "day".equalsIgnoreCase(limit) || "daily".equalsIgnoreCase(limit);
        ApiCalls.paused(API, daily ? "day" : limit);
        String reached = daily ? "the practice's daily limit of XPM calls is used up"
                : "minute".equalsIgnoreCase(limit) ? "the practice's limit of XPM calls a minute is reached"
                : "appminute".equalsIgnoreCase(limit) ? "the app's limit of XPM calls a minute is reached"
                : "concurrent".equalsIgnoreCase(limit) ? "too many XPM calls were made at once"
                : "XPM answered 429 Too Many Requests";
        // the app's minute is every practice's: pausing only this one would send the others into the same 429
        budget.pause(API, "appminute".equalsIgnoreCase(limit) ? ALL_PRACTICES : tenantId, duration,
                reached + "; XPM asked to wait " + inWords(duration));
    }

    /** "40 seconds", "12 minutes", "about 24 hours": how long a pause is, for a person. */
    static String inWords(Duration d) {
        long seconds = Math.max(1, d.toSeconds());
        if (seconds < 120) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        if (seconds < 2 * 3600) {
            return Math.round(seconds / 60.0) + " minutes";
        }
        return "about " + Math.round(seconds / 3600.0) + " hours";
    }

    /**
     * The pause in force for the practice after XPM's 429, with its reason in words: its own, or the app's (which
     * holds every practice), whichever ends later.
     */
    public Optional<ApiBudget.Pause> pause(String tenantId) {
        Optional<ApiBudget.Pause> own = budget.pause(API, tenantId);
        Optional<ApiBudget.Pause> all = budget.pause(API, ALL_PRACTICES);
        if (own.isEmpty()) {
            return all;
        }
        if (all.isEmpty()) {
            return own;
        }
        return all.get().until().isAfter(own.get().until()) ? all : own;
    }

    private ApiBudget.Slot slot(String tenantId, Limits limits, long deadline, Duration maxWait) {
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
