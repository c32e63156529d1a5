package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.client.karbon.model.ODataPage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import io.xpmsync.karbonsandbox.service.ODataFilter;
import io.xpmsync.karbonsandbox.service.Unmodelled;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Karbon API v3 Organizations. */
@Path("/v3/Organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    private final KarbonStore store;
    private final ApiMapper mapper;
    private final CurrentFirm firm;
    private final Writes writes;

    OrganizationsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm, Writes writes) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
        this.writes = writes;
    }

    @GET
    @Transactional
    public ODataPage<OrganizationSummaryDto> list(@QueryParam("$filter") String filter,
                                                  @QueryParam("$orderby") String orderBy,
                                                  @QueryParam("$skip") Integer skip, @QueryParam("$top") Integer top,
                                                  @Context UriInfo uri) {
        return ODataPaging.page(store.query(firm.get(), KarbonRecordEntity.ORGANIZATION, ODataFilter.parse(filter),
                orderBy), skip, top, uri, "Organizations/KarbonService.OrganizationSummaryDTO",
                mapper::organizationSummary);
    }

    @GET
    @Path("/{key}")
    @Transactional
    public ObjectNode get(@PathParam("key") String key, @QueryParam("$expand") String expand) {
        return mapper.organizationJson(store.record(firm.get(), key, KarbonRecordEntity.ORGANIZATION),
                Expand.of(expand));
    }

    @POST
    @Transactional
    public Response create(ObjectNode body) {
        OrganizationRequest request = writes.request(body, OrganizationRequest.class);
        Writes.restriction(request.restrictionLevel());
        KarbonRecordEntity created = store.createOrganization(firm.get(), request, null,
                Unmodelled.ofOrganization(body));
        return Response.status(Response.Status.CREATED).entity(mapper.organizationJson(created, Expand.CARDS)).build();
    }

    /** The whole Organization (fields left out are cleared; cards as {@code KarbonStore.reconcileCards}); 204. */
    @PUT
    @Path("/{key}")
    @Transactional
    public Response replace(@PathParam("key") String key, ObjectNode body) {
        OrganizationRequest request = writes.request(body, OrganizationRequest.class);
        Writes.restriction(request.restrictionLevel());
        store.record(firm.get(), key, KarbonRecordEntity.ORGANIZATION);
        writes.update(firm.get().firmId);
        store.updateOrganization(firm.get(), key, request, false, Unmodelled.ofOrganization(body));
        return Response.noContent().build();
    }

    /** Only FullName and RestrictionLevel; answers the Organization. */
    @PATCH
    @Path("/{key}")
    @Transactional
    public ObjectNode patch(@PathParam("key") String key, ObjectNode body) {
        OrganizationRequest request = writes.request(body, OrganizationRequest.class);
        Writes.patchable(body, PATCHABLE);
        Writes.restriction(request.restrictionLevel());
        store.record(firm.get(), key, KarbonRecordEntity.ORGANIZATION);
        writes.update(firm.get().firmId);
        return mapper.organizationJson(store.updateOrganization(firm.get(), key, request, true,
                Unmodelled.ofOrganization(body)), Expand.NONE);
    }

    private static final java.util.Set<String> PATCHABLE = java.util.Set.of("FullName", "RestrictionLevel");
}
