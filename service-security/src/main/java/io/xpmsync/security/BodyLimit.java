package io.xpmsync.security;

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
 * 413 as a problem in words, before anything reads it. Quarkus enforces the same limit one step later with an empty
 * 413; it still does for a body sent without its length (chunked), which is cut when it passes the limit.
 */
@ApplicationScoped
public class BodyLimit {

    /** Before Quarkus' own check of the same limit (order -2); a path's own, lower limit goes before this one. */
    public static final int ORDER = -3;

    private final long limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && tooLong(declared)) {
            refuse(context, "The request body is " + declared + " bytes; this service takes at most " + limit
                    + " bytes (" + limit / 1024 + " KiB)");
            return;
        }
        context.next();
    }

    /** Answers 413 with {@code detail} as a problem, and closes the connection so that the body is never read. */
    public static void refuse(RoutingContext context, String detail) {
        JsonObject problem = new JsonObject().put("type", "about:blank").put("title", "Request Entity Too Large")
                .put("status", 413).put("detail", detail);
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(problem.encode());
    }

    private boolean tooLong(String declared) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
