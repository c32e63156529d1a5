package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.ODataPage;
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

/** Karbon API v3 Contacts (people). */
@Path("/v3/Contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContactsResource {

    private final KarbonStore store;
    private final ApiMapper mapper;
    private final CurrentFirm firm;

    ContactsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
    }

    @GET
    @Transactional
    public ODataPage<ContactSummaryDto> list(@QueryParam("$filter") String filter,
                                             @QueryParam("$orderby") String orderBy,
                                             @QueryParam("$skip") Integer skip, @QueryParam("$top") Integer top,
                                             @Context UriInfo uri) {
        return ODataPaging.page(store.query(firm.get(), KarbonRecordEntity.CONTACT, ODataFilter.parse(filter), orderBy),
                skip, top, uri, "Contacts/KarbonService.ContactSummaryDTO", mapper::contactSummary);
    }

    @GET
    @Path("/{key}")
    @Transactional
    public ContactDto get(@PathParam("key") String key, @QueryParam("$expand") String expand) {
        return mapper.contact(store.record(firm.get(), key, KarbonRecordEntity.CONTACT), Expand.businessCards(expand));
    }

    @POST
    @Transactional
    public Response create(ContactRequest request) {
        KarbonRecordEntity created = store.createContact(firm.get(), request, null);
        return Response.status(Response.Status.CREATED).entity(mapper.contact(created, true)).build();
    }

    @PUT
    @Path("/{key}")
    @Transactional
    public ContactDto replace(@PathParam("key") String key, ContactRequest request) {
        return mapper.contact(store.updateContact(firm.get(), key, request, false), true);
    }

    @PATCH
    @Path("/{key}")
    @Transactional
    public ContactDto patch(@PathParam("key") String key, ContactRequest request) {
        return mapper.contact(store.updateContact(firm.get(), key, request, true), true);
    }
}
