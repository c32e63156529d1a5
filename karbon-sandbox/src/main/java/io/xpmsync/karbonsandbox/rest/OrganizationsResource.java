package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.client.karbon.model.ODataPage;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import io.xpmsync.karbonsandbox.service.ODataFilter;
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

    OrganizationsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
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
    public OrganizationDto get(@PathParam("key") String key, @QueryParam("$expand") String expand) {
        return mapper.organization(store.record(firm.get(), key, KarbonRecordEntity.ORGANIZATION),
                Expand.businessCards(expand));
    }

    @POST
    @Transactional
    public Response create(OrganizationRequest request) {
        KarbonRecordEntity created = store.createOrganization(firm.get(), request, null);
        return Response.status(Response.Status.CREATED).entity(mapper.organization(created, true)).build();
    }

    @PUT
    @Path("/{key}")
    @Transactional
    public OrganizationDto replace(@PathParam("key") String key, OrganizationRequest request) {
        return mapper.organization(store.updateOrganization(firm.get(), key, request, false), true);
    }

    @PATCH
    @Path("/{key}")
    @Transactional
    public OrganizationDto patch(@PathParam("key") String key, OrganizationRequest request) {
        return mapper.organization(store.updateOrganization(firm.get(), key, request, true), true);
    }
}
