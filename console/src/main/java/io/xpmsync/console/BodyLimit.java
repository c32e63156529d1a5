package io.xpmsync.console;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose body is declared longer than the limit ({@code quarkus.http.limits.max-body-size}) is answered
 * 413 as a problem in words before anything reads it, so that the gateway never holds more than a service would take.
 * Quarkus enforces the same limit one step later with an empty 413 (and for a body sent without its length).
 * The services do the same with service-security's, which the console does not use.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        // before Quarkus' own check of the same limit (order -2)
        router.route().order(-3).handler(this::check);
    }

    void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && tooLong(declared)) {
            JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Request Entity Too Large")
                    .put("status", 413).put("detail", "The request body is " + declared + " bytes; the console takes "
                            + "at most " + limit + " bytes (" + limit / 1024 + " KiB)");
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
            return;
        }
        context.next();
    }

    private boolean tooLong(String declared) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
