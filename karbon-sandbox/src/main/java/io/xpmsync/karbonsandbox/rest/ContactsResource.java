package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.ODataPage;
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

/** Karbon API v3 Contacts (people). */
@Path("/v3/Contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContactsResource {

    private final KarbonStore store;
    private final ApiMapper mapper;
    private final CurrentFirm firm;
    private final Writes writes;

    ContactsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm, Writes writes) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
        this.writes = writes;
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
    public ObjectNode get(@PathParam("key") String key, @QueryParam("$expand") String expand) {
        return mapper.contactJson(store.record(firm.get(), key, KarbonRecordEntity.CONTACT),
                Expand.of(expand));
    }

    @POST
    @Transactional
    public Response create(ObjectNode body) {
        ContactRequest request = writes.request(body, ContactRequest.class);
        Writes.restriction(request.restrictionLevel());
        KarbonRecordEntity created = store.createContact(firm.get(), request, null, Unmodelled.ofContact(body));
        return Response.status(Response.Status.CREATED).entity(mapper.contactJson(created, Expand.CARDS)).build();
    }

    /** The whole Contact (fields left out are cleared; cards as {@code KarbonStore.reconcileCards}); 204. */
    @PUT
    @Path("/{key}")
    @Transactional
    public Response replace(@PathParam("key") String key, ObjectNode body) {
        ContactRequest request = writes.request(body, ContactRequest.class);
        Writes.restriction(request.restrictionLevel());
        store.record(firm.get(), key, KarbonRecordEntity.CONTACT);
        writes.update(firm.get().firmId);
        store.updateContact(firm.get(), key, request, false, Unmodelled.ofContact(body));
        return Response.noContent().build();
    }

    /** Only the names, Salutation, Suffix and RestrictionLevel; answers the Contact. */
    @PATCH
    @Path("/{key}")
    @Transactional
    public ObjectNode patch(@PathParam("key") String key, ObjectNode body) {
        ContactRequest request = writes.request(body, ContactRequest.class);
        Writes.patchable(body, PATCHABLE);
        Writes.restriction(request.restrictionLevel());
        store.record(firm.get(), key, KarbonRecordEntity.CONTACT);
        writes.update(firm.get().firmId);
        return mapper.contactJson(store.updateContact(firm.get(), key, request, true, Unmodelled.ofContact(body)),
                Expand.NONE);
    }

    private static final java.util.Set<String> PATCHABLE = java.util.Set.of("FirstName", "MiddleName", "LastName",
            "PreferredName", "Salutation", "Suffix", "RestrictionLevel");
}
