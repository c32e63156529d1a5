package io.xpmsync.matching.rest;

import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.service.KarbonConnections;
import io.xpmsync.security.Problems;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * How matching-service reaches a firm's Karbon. Registering a connection starts the bootstrap of the firm's Karbon
 * index; GET shows how it stands. Errors are RFC 7807 problem details.
 */
@Path("/firms/{firmId}/karbon-connection")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KarbonConnectionResource {

    /** The Karbon API base URL and the firm's credentials for it. */
    public record KarbonConnectionRequest(String baseUrl, String applicationId, String accessKey) {
    }

    /** The longest of each field taken: well beyond Karbon's own (an application ID is a key, an access key a JWT). */
    static final Map<String, Integer> MAX_LENGTHS = Map.of("baseUrl", 2048, "applicationId", 200, "accessKey", 4096);

    private final KarbonConnections connections;
    private final MatchingConfig config;

    KarbonConnectionResource(KarbonConnections connections, MatchingConfig config) {
        this.connections = connections;
        this.config = config;
    }

    @PUT
    public Response register(@PathParam("firmId") String firmId, KarbonConnectionRequest request) {
        if (request == null) {
            return problem(400, "Missing body", "send {\"baseUrl\", \"applicationId\", \"accessKey\"}");
        }
        for (Map.Entry<String, String> field : Map.of("baseUrl", nn(request.baseUrl()),
                "applicationId", nn(request.applicationId()), "accessKey", nn(request.accessKey())).entrySet()) {
            if (field.getValue().isBlank()) {
                return problem(400, "Invalid Karbon connection", field.getKey() + " is required");
            }
            int max = MAX_LENGTHS.get(field.getKey());
            if (field.getValue().strip().length() > max || field.getValue().chars().anyMatch(Character::isISOControl)) {
                return problem(400, "Invalid Karbon connection", field.getKey() + " must be at most " + max
                        + " printable characters");
            }
        }
        URI baseUrl;
        try {
            baseUrl = new URI(request.baseUrl().strip());
        } catch (URISyntaxException e) {
            return problem(400, "Invalid Karbon connection", "baseUrl is not a URL: " + Problems.echo(e.getMessage()));
        }
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            return problem(400, "Invalid Karbon connection", "baseUrl must be an http(s) URL with a host");
        }
        KarbonOrigins allowed = new KarbonOrigins(config.karbon().allowedOrigins());
        if (!allowed.allows(baseUrl) || baseUrl.getUserInfo() != null) {
            return problem(400, "Invalid Karbon connection", "baseUrl must be Karbon's API, at "
                    + String.join(" or ", config.karbon().allowedOrigins()));
        }
        return Response.accepted(connections.register(firmId, baseUrl, request.applicationId().strip(),
                request.accessKey().strip())).build();
    }

    @GET
    public Response status(@PathParam("firmId") String firmId) {
        return connections.status(firmId).map(s -> Response.ok(s).build())
                .orElseGet(() -> problem(404, "Unknown firm", "no Karbon connection is registered for firm '"
                        + firmId + "'"));
    }

    /** Tests the registered credentials with one Karbon call: 200 with the outcome in words, whatever it is. */
    @POST
    @Path("test")
    @Consumes(MediaType.WILDCARD)
    public Response test(@PathParam("firmId") String firmId) {
        KarbonConnections.Test test = connections.test(firmId);
        return test == null ? problem(404, "Unknown firm", "no Karbon connection is registered for firm '" + firmId
                + "'") : Response.ok(test).build();
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
