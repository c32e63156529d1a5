package io.xpmsync.push.rest;

import io.xpmsync.push.persistence.PushQueue;
import io.xpmsync.push.persistence.PushViews;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Push status: the settings push-service applies, what waits to be pushed (with its last transient error) and the permanent failures with reasons. */
@Path("/firms/{firmId}/push-status")
@Produces(MediaType.APPLICATION_JSON)
public class PushStatusResource {

    private static final Pattern FIRM = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public record Status(String firmId, boolean xpmConnected, List<String> pushedContactTypes,
                         List<PushQueue.Waiting> waiting, List<PushQueue.Failure> failures) {
    }

    private final PushQueue queue;
    private final PushViews views;

    PushStatusResource(PushQueue queue, PushViews views) {
        this.queue = queue;
        this.views = views;
    }

    @GET
    @Transactional
    public Response status(@PathParam("firmId") String firmId, @QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (!FIRM.matcher(firmId).matches() || n < 1 || n > 500) {
            return Response.status(400).type("application/problem+json").entity(Map.of("type", "about:blank",
                    "title", "Bad Request", "status", 400, "detail",
                    "firm id must be 1 to 100 letters, digits, '.', '-' or '_', and limit between 1 and 500")).build();
        }
        return Response.ok(new Status(firmId, views.connected(firmId), views.pushedTypes(firmId),
                queue.waiting(firmId, n), queue.failures(firmId, n))).build();
    }
}
