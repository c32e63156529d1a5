package io.xpmsync.push.rest;

import io.xpmsync.push.service.PushViews;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Push status: the settings push-service applies, what waits to be pushed (with its last transient error) and the permanent failures with reasons. */
@Path("/firms/{firmId}/push-status")
@Produces(MediaType.APPLICATION_JSON)
public class PushStatusResource {

    private static final Pattern FIRM = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public record Waiting(String karbonKey, UUID sourceEventId, Instant dueAt, int attempts, String lastError) {
    }

    public record Failure(String karbonKey, UUID sourceEventId, String reason, Instant failedAt) {
    }

    public record Status(String firmId, boolean xpmConnected, List<String> pushedContactTypes, List<Waiting> waiting,
                         List<Failure> failures) {
    }

    private final EntityManager em;
    private final PushViews views;

    PushStatusResource(EntityManager em, PushViews views) {
        this.em = em;
        this.views = views;
    }

    @GET
    @Transactional
    @SuppressWarnings("unchecked")
    public Response status(@PathParam("firmId") String firmId, @QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (!FIRM.matcher(firmId).matches() || n < 1 || n > 500) {
            return Response.status(400).type("application/problem+json").entity(Map.of("type", "about:blank",
                    "title", "Bad Request", "status", 400, "detail",
                    "firm id must be 1 to 100 letters, digits, '.', '-' or '_', and limit between 1 and 500")).build();
        }
        List<Waiting> waiting = ((List<Object[]>) em.createNativeQuery("SELECT karbon_key, source_event_id, due_at,"
                        + " attempts, last_error FROM pending_push WHERE firm_id = ?1 ORDER BY due_at LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, n).getResultList()).stream()
                .map(r -> new Waiting((String) r[0], (UUID) r[1], PushViews.instant(r[2]), ((Number) r[3]).intValue(),
                        (String) r[4])).toList();
        List<Failure> failures = ((List<Object[]>) em.createNativeQuery("SELECT karbon_key, source_event_id, reason,"
                        + " failed_at FROM push_failure WHERE firm_id = ?1 ORDER BY failed_at DESC LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, n).getResultList()).stream()
                .map(r -> new Failure((String) r[0], (UUID) r[1], (String) r[2], PushViews.instant(r[3]))).toList();
        List<String> types = views.pushedTypes(firmId);
        boolean connected = !((List<Object>) em.createNativeQuery("SELECT 1 FROM firm_settings WHERE firm_id = ?1"
                + " AND xpm_connected").setParameter(1, firmId).getResultList()).isEmpty();
        return Response.ok(new Status(firmId, connected, types, waiting, failures)).build();
    }
}
