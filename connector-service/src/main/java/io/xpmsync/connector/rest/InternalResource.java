package io.xpmsync.connector.rest;

import io.xpmsync.security.ApiProblem;
import io.xpmsync.connector.connection.FirmIds;
import io.xpmsync.connector.connection.XpmConnections;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

    /** XPM refused this access token (401): answers a newer one, refreshing here if nobody has yet. */
    @POST
    @Path("rejected")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public XpmConnections.Access rejected(@PathParam("firmId") String firmId, Rejected body) {
        FirmIds.require(firmId);
        if (body == null || body.accessToken() == null || body.accessToken().isBlank()) {
            throw new ApiProblem(400, "the body must carry the refused accessToken", "accessToken");
        }
        if (body.accessToken().length() > MAX_ACCESS_TOKEN) {
            throw new ApiProblem(400, "accessToken must be at most " + MAX_ACCESS_TOKEN + " characters", "accessToken");
        }
        if (!connections.connected(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " is not connected to Xero Practice Manager");
        }
        return connections.afterRejectedAccess(firmId, body.accessToken());
    }

    /** The longest access token taken: Xero's are JWTs of one to two thousand characters. */
    static final int MAX_ACCESS_TOKEN = 8192;

    /** The access token XPM refused. */
    public record Rejected(String accessToken) {
    }
}
