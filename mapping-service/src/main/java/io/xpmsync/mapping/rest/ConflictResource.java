package io.xpmsync.mapping.rest;

import io.xpmsync.mapping.service.Conflicts;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Callers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Conflicts to resolve: fields of mapped contacts changed in both systems to different values, each system keeping its
 * own until a person chooses XPM's value, Karbon's, or types one; one at a time or many at once.
 */
@Path("/firms/{firmId}/conflicts")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictResource {

    /** One resolution: {@code choice} XPM, KARBON or VALUE (with {@code value}). */
    public record Resolve(String choice, String value) {
    }

    /** Many at once: the conflicts and the side that wins for all of them (XPM or KARBON). */
    public record ResolveMany(List<String> ids, String choice) {
    }

    /** What a bulk resolution did, conflict by conflict. */
    public record Results(List<Conflicts.BulkResult> results) {
    }

    private final Conflicts conflicts;

    ConflictResource(Conflicts conflicts) {
        this.conflicts = conflicts;
    }

    @GET
    public Conflicts.PageView list(@PathParam("firmId") String firmId, @QueryParam("status") String status,
                                   @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || s < 1 || s > 200) {
            throw new ApiProblem(400, "page must be 0 or more and size between 1 and 200");
        }
        return conflicts.list(MappingResource.firm(firmId), status, p, s);
    }

    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Conflicts.View resolve(@PathParam("firmId") String firmId, @PathParam("id") String id, Resolve body,
                                  @Context SecurityContext security) {
        if (body == null || body.choice() == null || body.choice().isBlank()) {
            throw new ApiProblem(400, "the body must say what to keep: {\"choice\": \"XPM\"}, {\"choice\": \"KARBON\"}"
                    + " or {\"choice\": \"VALUE\", \"value\": \"...\"}");
        }
        return conflicts.resolve(MappingResource.firm(firmId), MappingResource.uuid(id), body.choice(), body.value(),
                Callers.name(security));
    }

    @POST
    @Path("resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Results resolveMany(@PathParam("firmId") String firmId, ResolveMany body,
                               @Context SecurityContext security) {
        if (body == null || body.ids() == null || body.ids().isEmpty() || body.ids().size() > 200) {
            throw new ApiProblem(400, "the body must name 1 to 200 conflicts: {\"ids\": [...], \"choice\": \"XPM\"}");
        }
        String choice = body.choice() == null ? "" : body.choice().strip().toUpperCase(java.util.Locale.ROOT);
        if (!choice.equals("XPM") && !choice.equals("KARBON")) {
            throw new ApiProblem(400, "choice must be XPM (XPM wins for all) or KARBON (Karbon wins for all)");
        }
        String firm = MappingResource.firm(firmId);
        String by = Callers.name(security);
        List<Conflicts.BulkResult> results = new ArrayList<>();
        for (String id : body.ids()) {
            UUID uuid;
            try {
                uuid = MappingResource.uuid(id);
            } catch (ApiProblem e) {
                results.add(new Conflicts.BulkResult(null, false, "'" + id + "' is not a conflict's id"));
                continue;
            }
            try {
                Conflicts.View done = conflicts.resolve(firm, uuid, choice, null, by);
                results.add(new Conflicts.BulkResult(uuid, true, done.contactName() + ": " + done.fieldLabel()
                        + " is now " + (done.resolvedValue() == null ? "empty" : "\u201c" + done.resolvedValue()
                        + "\u201d") + " in both systems"));
            } catch (ApiProblem e) {
                results.add(new Conflicts.BulkResult(uuid, false, e.getMessage()));
            } catch (RuntimeException e) {
                results.add(new Conflicts.BulkResult(uuid, false, "Could not resolve it now: the write to Karbon did"
                        + " not go through; try again"));
            }
        }
        return new Results(results);
    }
}
