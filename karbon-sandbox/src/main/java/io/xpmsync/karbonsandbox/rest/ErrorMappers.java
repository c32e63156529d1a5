package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.xpmsync.client.karbon.model.ODataError;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Errors as callers expect them, never a stack trace: Karbon's OData error body on {@code /v3}, RFC 7807 problem
 * details on the sandbox's own {@code /admin} API.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response karbonError(KarbonApiException e, UriInfo uri) {
        return respond(uri, e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedBody(JsonProcessingException e, UriInfo uri) {
        return respond(uri, 400, "BadRequest", "The request body is not valid JSON for this resource: "
                + e.getOriginalMessage());
    }

    /** What the framework refuses itself (unreadable body, unknown path, wrong method), in the same shapes. */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String message = e.getCause() instanceof JsonProcessingException json
                ? "The request body is not valid JSON for this resource: " + json.getOriginalMessage()
                : e.getMessage();
        return respond(uri, status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase().replace(" ", ""), message);
    }

    private static Response respond(UriInfo uri, int status, String code, String message) {
        if (uri.getPath().startsWith("/admin")) {
            return Response.status(status).type("application/problem+json")
                    .entity(Map.of("type", "about:blank", "title", code, "status", status, "detail", message))
                    .build();
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ODataError.of(code, message)).build();
    }
}
