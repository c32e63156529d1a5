package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.karbonsandbox.service.Unmodelled;
import jakarta.ws.rs.core.Response;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Karbon API v3 BusinessCards: read one, replace its details. */
@Path("/v3/BusinessCards/{key}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BusinessCardsResource {

    private final KarbonStore store;
    private final ApiMapper mapper;
    private final CurrentFirm firm;
    private final Writes writes;

    BusinessCardsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm, Writes writes) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
        this.writes = writes;
    }

    @GET
    @Transactional
    public ObjectNode get(@PathParam("key") String key) {
        return mapper.cardJson(store.card(firm.get(), key));
    }

    /** Replaces the card's details; the card stays with its entity; 204. */
    @PUT
    @Transactional
    public Response replace(@PathParam("key") String key, ObjectNode body) {
        BusinessCardDto request = writes.request(body, BusinessCardDto.class);
        store.card(firm.get(), key);
        writes.update(firm.get().firmId);
        store.updateCard(firm.get(), key, request, Unmodelled.ofCard(body));
        return Response.noContent().build();
    }
}
