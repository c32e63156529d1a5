package io.xpmsync.mapping.rest;

import io.xpmsync.mapping.work.KarbonWorkQueue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The firm's Karbon work: how many verdicts wait to be written to Karbon, and, when the firm's work is held back
 * (its Karbon allowance, Karbon's 429, a retry), until when and why.
 */
@Path("/firms/{firmId}/karbon-work")
@Produces(MediaType.APPLICATION_JSON)
public class KarbonWorkResource {

    private final KarbonWorkQueue work;

    KarbonWorkResource(KarbonWorkQueue work) {
        this.work = work;
    }

    @GET
    public KarbonWorkQueue.Status status(@PathParam("firmId") String firmId) {
        return work.status(MappingResource.firm(firmId));
    }
}
