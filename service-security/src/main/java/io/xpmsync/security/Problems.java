package io.xpmsync.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Every service's answers to what goes wrong, in one shape (RFC 7807 problem details, {@code application/problem+json}):
 * a refusal in words ({@link ApiProblem}), a body that is not the JSON asked for, any other JAX-RS refusal, and,
 * for anything unexpected, a 500 that names an id to find it in the service's log; never a stack trace or an
 * upstream system's answer.
 */
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    /** A problem answer: {@code title} from the status, {@code detail} in words, {@code field} when one is at fault. */
    public static Response response(int status, String detail, String field) {
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

    public static Response response(int status, String detail) {
        return response(status, detail, null);
    }

    @ServerExceptionMapper
    public Response refused(ApiProblem e) {
        return response(e.status(), e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return response(400, "The request body is not valid JSON for this resource: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = e.getCause() instanceof JsonProcessingException
                ? "The request body is not valid JSON for this resource: "
                + ((JsonProcessingException) e.getCause()).getOriginalMessage() : e.getMessage();
        return response(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s", id);
        return response(500, "The service could not answer this request (failure " + id + " in its log)");
    }
}
