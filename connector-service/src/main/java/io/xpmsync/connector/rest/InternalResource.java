package io.xpmsync.connector.rest;

import io.xpmsync.connector.connection.FirmIds;
import io.xpmsync.connector.connection.XpmConnections;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The internal API: push-service obtains current XPM access tokens here, because refresh tokens rotate and only
 * connector-service refreshes them. Not for the outside world: expose {@code /internal} inside the cluster only.
 */
@Path("/internal/firms/{firmId}/xpm-access")
public class InternalResource {

    private final XpmConnections connections;

    InternalResource(XpmConnections connections) {
        this.connections = connections;
    }

    /** For push-service only (not exposed outside the cluster): a current access token and the tenant. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public XpmConnections.Access access(@PathParam("firmId") String firmId) {
        FirmIds.require(firmId);
        if (!connections.connected(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " is not connected to Xero Practice Manager");
        }
        return connections.access(firmId);
    }

}
