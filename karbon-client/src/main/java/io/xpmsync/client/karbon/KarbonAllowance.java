package io.xpmsync.client.karbon;

import io.xpmsync.budget.Allowance;
import io.xpmsync.budget.ApiBudget;
import io.xpmsync.budget.ApiCalls;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A firm's Karbon allowance (Karbon: about 120 calls a minute per firm and application), kept in the shared
 * {@link ApiBudget} so that every replica of every service calling the same firm's Karbon spends one allowance. Its
 * {@link #gate gate} takes a call before each request, waiting up to a given time, and turns a 429 into a pause of
 * the firm's Karbon work for every one of them.
 */
public final class KarbonAllowance {

    public static final String API = "karbon";

    private final ApiBudget budget;
    private final List<Allowance> allowances;

    /** {@code callsPerMinute}: every service calling the same firm's Karbon must use the same figure. */
    public KarbonAllowance(ApiBudget budget, int callsPerMinute) {
        this.budget = budget;
        this.allowances = List.of(Allowance.perMinute(callsPerMinute));
    }

    /** How long until the firm may make a call (a pause after a 429, or its allowance refilling); empty: now. */
    public Optional<Duration> waitBefore(String firmId) {
        return budget.waitBefore(API, firmId, allowances);
    }

    /** The pause in force after Karbon's 429, with its reason in words. */
    public Optional<ApiBudget.Pause> pause(String firmId) {
        return budget.pause(API, firmId);
    }

    /**
     * The gate of {@code firmId}'s client: a call waits for the allowance up to {@code longestWait}; beyond that it
     * fails with a 429 {@link KarbonClientException} ({@code AllowanceSpent}) that carries the wait.
     */
    public KarbonCallGate gate(String firmId, Duration longestWait) {
        return new KarbonCallGate() {
            @Override
            public void beforeCall() {
                budget.take(API, firmId, allowances, longestWait).ifPresent(wait -> {
                    throw new KarbonClientException(429, "AllowanceSpent", "firm " + firmId + "'s Karbon allowance is"
                            + " spent for the moment; the next call is possible in "
                            + Math.max(1, wait.toMillis()) + " ms", null, wait);
                });
            }

            @Override
            public void rateLimited(Duration retryAfter) {
                ApiCalls.paused(API, "minute");
                budget.pause(API, firmId, retryAfter, "Karbon answered 429 Too Many Requests and asked to wait "
                        + Math.max(1, retryAfter.toSeconds()) + " s");
            }
        };
    }
}
