package io.xpmsync.connector.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.xpmsync.client.xpm.model.XpmException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 7807 problem details for every refusal; never a stack trace. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response problem(ApiProblem e) {
        return respond(e.status(), e.getMessage(), e.field());
    }

    /** XPM or Xero refused or failed (a connection Xero no longer accepts is a 401 saying to connect again). */
    @ServerExceptionMapper
    public Response xpm(XpmException e) {
        return respond(e.status() == 401 || e.status() == 403 || e.status() == 429 || e.status() >= 500 ? e.status()
                : 502, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return respond(400, "The request body is not valid JSON for this resource: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = e.getCause() instanceof JsonProcessingException json
                ? "The request body is not valid JSON for this resource: " + json.getOriginalMessage() : e.getMessage();
        return respond(status, message, null);
    }

    static Response respond(int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        Response.Status known = Response.Status.fromStatusCode(status);
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
