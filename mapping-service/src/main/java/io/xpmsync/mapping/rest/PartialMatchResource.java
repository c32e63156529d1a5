package io.xpmsync.mapping.rest;

import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Callers;
import io.xpmsync.mapping.service.PartialMatches;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.MediaType;

/** Resolve Partial Matches: the open ones with candidates and evidence; Confirm a candidate or Create New. */
@Path("/firms/{firmId}/partial-matches")
@Produces(MediaType.APPLICATION_JSON)
public class PartialMatchResource {

    /** Confirm: the Karbon contact chosen among the candidates. */
    public record Confirm(String karbonKey) {
    }

    private final PartialMatches partials;

    PartialMatchResource(PartialMatches partials) {
        this.partials = partials;
    }

    @GET
    public PartialMatches.PageView open(@PathParam("firmId") String firmId, @QueryParam("page") Integer page,
                                        @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || s < 1 || s > 200) {
            throw new ApiProblem(400, "page must be 0 or more and size between 1 and 200");
        }
        return partials.open(MappingResource.firm(firmId), p, s);
    }

    @GET
    @Path("{id}")
    public PartialMatches.View get(@PathParam("firmId") String firmId, @PathParam("id") String id) {
        return partials.get(MappingResource.firm(firmId), MappingResource.uuid(id));
    }

    @POST
    @Path("{id}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public MappingResource.Row confirm(@PathParam("firmId") String firmId, @PathParam("id") String id, Confirm body,
                                       @Context SecurityContext security) {
        if (body == null || body.karbonKey() == null || body.karbonKey().isBlank()) {
            throw new ApiProblem(400, "the body must name the chosen candidate: {\"karbonKey\": \"...\"}");
        }
        return MappingResource.Row.of(partials.confirm(MappingResource.firm(firmId), MappingResource.uuid(id),
                body.karbonKey().strip(), Callers.name(security)));
    }

    @POST
    @Path("{id}/create-new")
    public MappingResource.Row createNew(@PathParam("firmId") String firmId, @PathParam("id") String id,
                                         @Context SecurityContext security) {
        return MappingResource.Row.of(partials.createNew(MappingResource.firm(firmId), MappingResource.uuid(id),
                Callers.name(security)));
    }
}
