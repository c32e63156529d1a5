package io.xpmsync.matching.rest;

import io.xpmsync.matching.service.KarbonConnections;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * The internal API: mapping-service obtains a firm's Karbon credentials here to write to Karbon, so the credentials
 * have one owner. Not for the outside world: expose {@code /internal} inside the cluster only.
 */
@Path("/internal/firms/{firmId}/karbon-connection")
public class InternalResource {

    private final KarbonConnections connections;

    InternalResource(KarbonConnections connections) {
        this.connections = connections;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response credentials(@PathParam("firmId") String firmId) {
        return connections.credentials(firmId).map(c -> Response.ok(c).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json").entity(Map.of("type",
                        "about:blank", "title", "Unknown firm", "status", 404, "detail",
                        "no Karbon connection is registered for firm '" + firmId + "'")).build());
    }
}
