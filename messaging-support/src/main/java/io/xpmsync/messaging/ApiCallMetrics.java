package io.xpmsync.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.budget.ApiCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts what the external APIs answered this service ({@code xpmsync.api.calls}, by API, method and HTTP status,
 * {@code none} when no answer came) and the pauses their 429s imposed ({@code xpmsync.api.pauses}), as the API
 * clients report them through {@link ApiCalls}.
 */
@ApplicationScoped
public class ApiCallMetrics implements ApiCalls.Observer {

    private final MeterRegistry registry;

    ApiCallMetrics(MeterRegistry registry) {
        this.registry = registry;
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
