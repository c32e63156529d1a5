package io.xpmsync.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.budget.ApiCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what the external APIs answered this service ({@code xpmsync.api.calls}, by API, method and HTTP status,
 * {@code none} when no answer came) and the pauses their 429s imposed ({@code xpmsync.api.pauses}), and shows what
 * XPM says the practice nearest its limits has left ({@code xpmsync.api.budget.remaining}), as the API clients report
 * them through {@link ApiCalls}.
 */
@ApplicationScoped
public class ApiCallMetrics implements ApiCalls.Observer {

    private static final Duration RECENT = Duration.ofMinutes(15);

    private final MeterRegistry registry;
    /** What each practice (or firm) had left under each limit, as the API last said, and when it said so. */
    private final Map<String, Map<String, Left>> remaining = new ConcurrentHashMap<>();

    private record Left(long calls, long atNanos) {
    }

    ApiCallMetrics(MeterRegistry registry) {
        this.registry = registry;
        // budget remaining without a series per practice: what the practice nearest its limit has left (of those
        // that called in the last 15 minutes); a low figure says some practice is about to be paused
        for (String limit : List.of("day", "minute")) {
            Gauge.builder("xpmsync.api.budget.remaining", () -> lowest("xpm", limit))
                    .description("calls left under an XPM limit for the practice nearest it (recent calls only)")
                    .tag("api", "xpm").tag("limit", limit).register(registry);
        }
    }

    @Override
    public void remaining(String api, String key, String limit, long calls) {
        remaining.computeIfAbsent(api + "/" + limit, k -> new ConcurrentHashMap<>())
                .put(key, new Left(calls, System.nanoTime()));
    }

    private double lowest(String api, String limit) {
        Map<String, Left> byKey = remaining.get(api + "/" + limit);
        if (byKey == null) {
            return Double.NaN;
        }
        long now = System.nanoTime();
        byKey.values().removeIf(l -> now - l.atNanos() > RECENT.toNanos());
        OptionalLong min = byKey.values().stream().mapToLong(Left::calls).min();
        return min.isPresent() ? min.getAsLong() : Double.NaN;
    }

    void start(@Observes StartupEvent event) {
        ApiCalls.observe(this);
        // the pauses exist from the start (0 rather than no data on a dashboard or an alert)
        for (String[] pause : new String[][]{{"xpm", "day"}, {"xpm", "minute"}, {"karbon", "minute"}}) {
            pauses(pause[0], pause[1]);
        }
    }

    @Override
    public void answered(String api, String method, int status) {
        Counter.builder("xpmsync.api.calls").description("answers of an external API, retries included")
                .tag("api", api).tag("method", method).tag("status", status == 0 ? "none" : String.valueOf(status))
                .register(registry).increment();
    }

    @Override
    public void paused(String api, String limit) {
        pauses(api, limit).increment();
    }

    private Counter pauses(String api, String limit) {
        return Counter.builder("xpmsync.api.pauses").description("pauses a 429 of an external API imposed on a firm"
                + " or practice, by the limit it named").tag("api", api).tag("limit", limit).register(registry);
    }
}
