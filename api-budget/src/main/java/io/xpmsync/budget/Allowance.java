package io.xpmsync.budget;

import io.github.bucket4j.Bandwidth;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit of an external API as the API counts it: at most {@code calls} in any window of {@code period} (Karbon:
 * 120 a minute per firm; Xero: 60 a minute and 5,000 in a rolling 24 hours per practice).
 *
 * <p>A token bucket lets through its capacity at once plus its refill over any window, so the bucket is sized to
 * stay inside the API's own count in every window, however the API slides it: a burst of a twelfth of the
 * allowance, and the rest refilled evenly over the period ({@code burst + refill = calls}).
 */
public record Allowance(long calls, Duration period) {

    public Allowance {
        Objects.requireNonNull(period, "period");
        if (calls < 2) {
            throw new IllegalArgumentException("an allowance needs at least 2 calls per period, not " + calls);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("an allowance's period must be positive, not " + period);
        }
    }

    public static Allowance perMinute(long calls) {
        return new Allowance(calls, Duration.ofMinutes(1));
    }

    public static Allowance perDay(long calls) {
        return new Allowance(calls, Duration.ofDays(1));
    }

    long burst() {
        return Math.max(1, calls / 12);
    }

    Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(burst()).refillGreedy(calls - burst(), period).initialTokens(burst())
                .build();
    }

    /** How it appears in a bucket's key: services that spend one allowance share a bucket only with equal limits. */
    String fingerprint() {
        return calls + "/" + period;
    }
}
