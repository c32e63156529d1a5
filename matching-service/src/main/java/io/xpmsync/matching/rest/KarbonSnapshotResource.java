package io.xpmsync.matching.rest;

import io.xpmsync.matching.service.KarbonConnections;
import io.xpmsync.security.ApiProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An operator asks for a new snapshot of a firm's Karbon records (every record read again and published to every
 * service, as at connect): 202 with the connection's status, whose {@code snapshot} shows the progress.
 */
@Path("/admin/firms/{firmId}/karbon-snapshot")
@Produces(MediaType.APPLICATION_JSON)
public class KarbonSnapshotResource {

    private final KarbonConnections connections;

    KarbonSnapshotResource(KarbonConnections connections) {
        this.connections = connections;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response snapshotAgain(@PathParam("firmId") String firmId) {
        return connections.snapshotAgain(firmId).map(status -> Response.accepted(status).build())
                .orElseThrow(() -> new ApiProblem(404, "no Karbon connection is registered for firm '" + firmId
                        + "': register one first (PUT /firms/" + firmId + "/karbon-connection)"));
    }
}
