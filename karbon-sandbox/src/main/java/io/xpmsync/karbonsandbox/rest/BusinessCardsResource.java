package io.xpmsync.karbonsandbox.rest;

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

    BusinessCardsResource(KarbonStore store, ApiMapper mapper, CurrentFirm firm) {
        this.store = store;
        this.mapper = mapper;
        this.firm = firm;
    }

    @GET
    @Transactional
    public BusinessCardDto get(@PathParam("key") String key) {
        return mapper.card(store.card(firm.get(), key));
    }

    @PUT
    @Transactional
    public BusinessCardDto replace(@PathParam("key") String key, BusinessCardDto request) {
        return mapper.card(store.updateCard(firm.get(), key, request));
    }
}
