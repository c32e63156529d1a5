package io.xpmsync.connector.rest;

import io.xpmsync.connector.connection.XpmConnections;
import io.xpmsync.connector.persistence.OAuthStateEntity;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/** Where Xero identity sends the browser back at the end of Connect ({@code connector.xpm.redirect-uri}). */
@Path("/xpm/callback")
public class CallbackResource {

    private final XpmConnections connections;

    CallbackResource(XpmConnections connections) {
        this.connections = connections;
    }

    /** Where Xero sends the browser back with the code. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error, @QueryParam("error_description") String description,
                             @CookieParam(XpmConnections.BINDING_COOKIE) String binding) {
        if (error != null) {
            return Response.status(400).entity(page("Not connected", "Xero Practice Manager did not connect: "
                    + (description == null ? error : description))).build();
        }
        XpmConnections.Outcome outcome = connections.completeConnect(code, state, binding);
        OAuthStateEntity done = outcome.state();
        if (done.returnTo != null) {
            return Response.seeOther(UriBuilder.fromUri(done.returnTo)
                    .queryParam("xpm", outcome.choosing() ? "choose" : "connected").build()).build();
        }
        if (outcome.choosing()) {
            return Response.ok(page("Choose a practice", "Your Xero sign-in reached several practices. Choose the one"
                    + " firm " + done.firmId + " syncs with in Settings, Connected Apps.")).build();
        }
        return Response.ok(page("Connected", "Firm " + done.firmId + " is connected to Xero Practice Manager. You can"
                + " close this page and click Sync Now.")).build();
    }

    private static String page(String title, String message) {
        String safe = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body><main><h1>" + title + "</h1><p role=\"status\">" + safe + "</p></main></body></html>";
    }
}
