package io.xpmsync.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Every service's answers to what goes wrong, in one shape (RFC 7807 problem details, {@code application/problem+json}):
 * a refusal in words ({@link ApiProblem}), a body that is not the JSON asked for (a field the resource does not take,
 * JSON nested too deep or a text too long: {@link RequestJson}), any other JAX-RS refusal, and, for anything
 * unexpected, a 500 that names an id to find it in the service's log; never a stack trace or an upstream system's
 * answer. What a caller sent is quoted at most {@value #ECHO_LENGTH} characters long ({@link #echo}).
 */
public class Problems {

    /** The most of a caller's value an answer quotes. */
    public static final int ECHO_LENGTH = 100;
    /** The longest detail an answer carries, whatever it quotes. */
    static final int MAX_DETAIL = 1000;
    private static final String NOT_JSON = "The request body is not valid JSON for this resource: ";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    /** A caller's value as an answer quotes it: at most {@value #ECHO_LENGTH} characters, then an ellipsis. */
    public static String echo(String value) {
        if (value == null || value.length() <= ECHO_LENGTH) {
            return value;
        }
        return value.substring(0, ECHO_LENGTH) + "…";
    }

    /** A problem answer: {@code title} from the status, {@code detail} in words, {@code field} when one is at fault. */
    public static Response response(int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        Response.Status known = Response.Status.fromStatusCode(status);
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail == null || detail.length() <= MAX_DETAIL ? detail
                : detail.substring(0, MAX_DETAIL) + "…");
        if (field != null) {
            body.put("field", echo(field));
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
        return json(e);
    }

    /** Quarkus' own mapper for this one answers an empty 400: this one says what is wrong, and where. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response tooDeepOrLong(StreamConstraintsException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        return response(e.getResponse().getStatus(), e.getMessage());
    }

    /** A body that is not the JSON asked for, in words (the field at fault named where Jackson knows it). */
    static Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = echo(unknown.getPropertyName());
            return response(400, "The request body has a field this resource does not take: '" + name + "'"
                    + (unknown.getKnownPropertyIds() == null || unknown.getKnownPropertyIds().isEmpty() ? ""
                    : "; it takes " + unknown.getKnownPropertyIds()), name);
        }
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return response(400, "The request body is beyond what this service reads: JSON nested at most "
                    + RequestJson.MAX_NESTING + " deep, each text at most " + RequestJson.MAX_STRING_LENGTH
                    + " characters (" + (e.getCause() instanceof StreamConstraintsException limit
                    ? limit.getOriginalMessage() : e.getOriginalMessage()) + ")");
        }
        String at = e instanceof JsonMappingException mapping ? path(mapping) : null;
        return response(400, NOT_JSON + e.getOriginalMessage() + (at == null ? "" : " (at " + at + ")"), at);
    }

    /** Where in the body a value is wrong, e.g. {@code pushedContactTypes[2]}; null at the top. */
    private static String path(JsonMappingException e) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                at.append(at.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                at.append('[').append(step.getIndex()).append(']');
            }
        }
        return at.length() == 0 ? null : echo(at.toString());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s", id);
        return response(500, "The service could not answer this request (failure " + id + " in its log)");
    }
}
