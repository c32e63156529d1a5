package io.xpmsync.mapping.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.xpmsync.client.karbon.KarbonClientException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7807 problem details for every refusal; never a stack trace. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response problem(ApiProblem e) {
        return respond(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response karbon(KarbonClientException e) {
        if (e.status() == 429) {
            long seconds = Math.max(1, e.retryAfter().map(d -> (d.toMillis() + 999) / 1000).orElse(1L));
            return Response.fromResponse(respond(503, "Karbon's allowance for this firm is used up for the moment;"
                    + " try again in " + seconds + " s")).header("Retry-After", seconds).build();
        }
        return respond(502, "Karbon refused the change: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = e.getCause() instanceof JsonProcessingException json
                ? "The request body is not valid JSON for this resource: " + json.getOriginalMessage() : e.getMessage();
        return respond(status, message);
    }

    static Response respond(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        Response.Status known = Response.Status.fromStatusCode(status);
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
