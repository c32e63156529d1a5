package io.xpmsync.console;

import io.smallrye.mutiny.Multi;
import io.xpmsync.security.AccessRules;
import io.xpmsync.security.ApiProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Live activity for dashboards (server-sent events) and the console's own settings: a viewer sees only the firms
 * their token names.
 */
@Path("/api")
public class ActivityResource {

    private static final Pattern FIRM = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ActivityFeed feed;
    private final Viewer viewer;

    ActivityResource(ActivityFeed feed, Viewer viewer) {
        this.feed = feed;
        this.viewer = viewer;
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
            throw new ApiProblem(400, "limit must be between 1 and 500", "limit");
        }
        return feed.recent(firmId, n);
    }

    /** What the page needs to start: who is signed in, the firms they may open (the first opens), what they may do. */
    @GET
    @Path("/console")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> console() {
        List<String> firms = List.copyOf(viewer.firms());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("user", viewer.name());
        settings.put("firms", firms);
        settings.put("defaultFirm", firms.isEmpty() ? null : firms.get(0));
        settings.put("mayChange", viewer.mayChange());
        settings.put("heartbeat", Duration.ofSeconds(15).toString());
        return settings;
    }

    private void requireFirm(String firmId) {
        if (!FIRM.matcher(firmId).matches()) {
            throw new ApiProblem(400, AccessRules.FIRM_ID_FORMAT, "firmId");
        }
        if (!viewer.firms().contains(firmId)) {
            throw new ApiProblem(403, "You have no access to the firm '" + firmId + "'");
        }
    }
}
