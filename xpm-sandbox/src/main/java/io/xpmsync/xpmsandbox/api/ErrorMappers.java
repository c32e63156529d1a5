package io.xpmsync.xpmsandbox.api;

import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.xpmsandbox.identity.IdentityException;
import io.xpmsync.xpmsandbox.service.XpmApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors as each caller expects them, never a stack trace: XPM's XML envelope on the XPM API, OAuth's JSON error on
 * the identity endpoints, RFC 7807 problem details on the sandbox's own admin API.
 */
public class ErrorMappers {

    private final XpmXml xml = new XpmXml();

    @ServerExceptionMapper
    public Response xpmError(XpmApiException e, UriInfo uri) {
        return respond(uri, e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response identityError(IdentityException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e, UriInfo uri) {
        return respond(uri, 400, e.getMessage());
    }

    /** What the framework refuses itself (unknown path, wrong method, unreadable body), in the same shapes. */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e, UriInfo uri) {
        return respond(uri, e.getResponse().getStatus(), e.getMessage());
    }

    private Response respond(UriInfo uri, int status, String message) {
        if (uri.getPath().startsWith(ApiGate.API)) {
            return Response.status(status).type(MediaType.TEXT_XML).entity(xml.write(XpmResponse.error(message))).build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("detail", message);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
