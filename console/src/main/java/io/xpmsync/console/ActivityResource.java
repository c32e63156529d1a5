package io.xpmsync.console;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Live activity for dashboards (server-sent events) and the console's own settings. */
@Path("/api")
public class ActivityResource {

    private static final Pattern FIRM = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ActivityFeed feed;
    private final ConsoleConfig config;

    ActivityResource(ActivityFeed feed, ConsoleConfig config) {
        this.feed = feed;
        this.config = config;
    }

    /** {@code GET /api/firms/{firmId}/activity/stream}: the firm's match, mapping and push events as they happen. */
    @GET
    @Path("/firms/{firmId}/activity/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Activity> stream(@PathParam("firmId") String firmId) {
        requireFirm(firmId);
        return feed.live(firmId);
    }

    /** {@code GET /api/firms/{firmId}/activity?limit=50}: the firm's latest activity seen by this console. */
    @GET
    @Path("/firms/{firmId}/activity")
    @Produces(MediaType.APPLICATION_JSON)
    public Object recent(@PathParam("firmId") String firmId, @QueryParam("limit") Integer limit) {
        requireFirm(firmId);
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            throw new jakarta.ws.rs.WebApplicationException(ServiceGateway.problem(400,
                    "limit must be between 1 and 500"));
        }
        return feed.recent(firmId, n);
    }

    /** What the page needs to start: the firm it opens with. */
    @GET
    @Path("/console")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> console() {
        return Map.of("defaultFirm", config.defaultFirm(), "heartbeat", Duration.ofSeconds(15).toString());
    }

    private static void requireFirm(String firmId) {
        if (!FIRM.matcher(firmId).matches()) {
            throw new jakarta.ws.rs.WebApplicationException(Response.status(400).type("application/problem+json")
                    .entity(Map.of("type", "about:blank", "title", "Bad Request", "status", 400, "detail",
                            "firm id must be 1 to 100 letters, digits, '.', '-' or '_'")).build());
        }
    }
}
