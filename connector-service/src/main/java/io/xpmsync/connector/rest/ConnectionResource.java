package io.xpmsync.connector.rest;

import io.xpmsync.security.ApiProblem;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.connection.FirmIds;
import io.xpmsync.connector.connection.XpmConnections;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Settings → Connected Apps → Xero Practice Manager: Connect (the OAuth 2.0 authorization-code flow; the browser
 * comes back to {@link CallbackResource}), the connection's state, Disconnect.
 */
@Path("/firms/{firmId}/xpm-connection")
public class ConnectionResource {

    /** Connect request: the firm's country (the region rule) and, optionally, where to send the browser afterwards. */
    public record ConnectRequest(String country, String returnTo) {
    }

    /** The longest return address and practice id taken (a page's URL; Xero's tenant ids are UUIDs). */
    static final int MAX_RETURN_TO = 2048;
    static final int MAX_TENANT_ID = 100;

    private final XpmConnections connections;
    private final boolean secureCookies;

    ConnectionResource(XpmConnections connections, ConnectorConfig config) {
        this.connections = connections;
        this.secureCookies = config.xpm().secureCookies();
    }

    /** Starts Connect: answers the Xero authorize URL to open in the user's browser; 403 outside the six countries. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response connect(@PathParam("firmId") String firmId, ConnectRequest request) {
        FirmIds.require(firmId);
        if (request == null) {
            throw new ApiProblem(400, "the body must name the firm's country, e.g. {\"country\": \"NZ\"}", "country");
        }
        if (request.returnTo() != null && request.returnTo().length() > MAX_RETURN_TO) {
            throw new ApiProblem(400, "returnTo must be at most " + MAX_RETURN_TO + " characters", "returnTo");
        }
        XpmConnections.Started started = connections.startConnect(firmId, request.country(), request.returnTo());
        // the browser that asked (through the console) holds this; the callback completes only with it
        NewCookie binding = new NewCookie.Builder(XpmConnections.BINDING_COOKIE).value(started.browserBinding())
                .path("/xpm/callback").maxAge(600).httpOnly(true).secure(secureCookies)
                .sameSite(NewCookie.SameSite.LAX).build();
        return Response.ok(Map.of("authorizeUrl", started.authorizeUrl().toString())).cookie(binding).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public XpmConnections.Status status(@PathParam("firmId") String firmId) {
        return connections.status(FirmIds.require(firmId));
    }

    /** The practice chosen after a sign-in that reached several: {@code {"tenantId"}}. */
    public record PracticeChoice(String tenantId) {
    }

    /** Connects the firm to the practice the user chose among those their sign-in reached. */
    @POST
    @Path("practice")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public XpmConnections.Status choosePractice(@PathParam("firmId") String firmId, PracticeChoice choice) {
        FirmIds.require(firmId);
        if (choice == null || choice.tenantId() == null || choice.tenantId().isBlank()) {
            throw new ApiProblem(400, "the body must name the chosen practice, e.g. {\"tenantId\": \"...\"}",
                    "tenantId");
        }
        if (choice.tenantId().length() > MAX_TENANT_ID) {
            throw new ApiProblem(400, "tenantId must be at most " + MAX_TENANT_ID + " characters", "tenantId");
        }
        return connections.choosePractice(firmId, choice.tenantId());
    }

    /**
     * Disconnect: the connection is removed at Xero and the tokens are forgotten; with {@code forget=true}, xpm-sync
     * also forgets the firm's data in every service (mappings, partial matches, runs, indexes, the Karbon connection).
     */
    @DELETE
    public Response disconnect(@PathParam("firmId") String firmId, @QueryParam("forget") boolean forget) {
        connections.disconnect(FirmIds.require(firmId), forget);
        return Response.noContent().build();
    }
}
