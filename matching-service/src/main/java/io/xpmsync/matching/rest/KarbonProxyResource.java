package io.xpmsync.matching.rest;

import io.xpmsync.client.karbon.model.ODataError;
import io.xpmsync.matching.service.KarbonConnections;
import io.xpmsync.security.ApiProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The internal way to a firm's Karbon for the other services of xpm-sync (mapping-service's writes): a call to
 * {@code /internal/karbon/{firmId}/v3/...} goes on to the firm's Karbon with the firm's credentials added here, and
 * Karbon's answer (status, body, {@code Retry-After}) comes back as it is, its {@code @odata.nextLink}s pointing here.
 * So the Karbon access key, long-lived by Karbon's design, never leaves its one owner. Callers spend the firm's Karbon
 * allowance themselves, as before. The call stays below the firm's {@code /v3/}: the path goes on as it came, each
 * segment checked ({@link KarbonProxyPath}), never decoded and joined again. Only mapping-service may call it
 * (service-security's access rules). Not for the outside world: {@code /internal} stays inside the cluster.
 */
@Path("/internal/karbon/{firmId}/{path: v3(/.*)?}")
@Consumes(MediaType.WILDCARD)
public class KarbonProxyResource {

    private static final Logger LOG = Logger.getLogger(KarbonProxyResource.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final KarbonConnections connections;

    KarbonProxyResource(KarbonConnections connections) {
        this.connections = connections;
    }

    @GET
    public Response get(@PathParam("firmId") String firmId, @Encoded @PathParam("path") String path,
                        @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", firmId, path, uri, headers, null);
    }

    @POST
    public Response post(@PathParam("firmId") String firmId, @Encoded @PathParam("path") String path,
                         @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("POST", firmId, path, uri, headers, body);
    }

    @PUT
    public Response put(@PathParam("firmId") String firmId, @Encoded @PathParam("path") String path,
                        @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("PUT", firmId, path, uri, headers, body);
    }

    @PATCH
    public Response patch(@PathParam("firmId") String firmId, @Encoded @PathParam("path") String path,
                          @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return forward("PATCH", firmId, path, uri, headers, body);
    }

    @DELETE
    public Response delete(@PathParam("firmId") String firmId, @Encoded @PathParam("path") String path,
                           @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", firmId, path, uri, headers, null);
    }

    private Response forward(String method, String firmId, String rawPath, UriInfo uri, HttpHeaders headers,
                             byte[] body) {
        String path = KarbonProxyPath.of(rawPath);
        Optional<KarbonConnections.Credentials> found = connections.credentials(firmId);
        if (found.isEmpty()) {
            // not Karbon's 404 (that says a record does not exist): the firm has no Karbon connection at all
            return error(412, "NoKarbonConnection", "firm " + firmId + " has no Karbon connection registered"
                    + " (matching-service PUT /firms/{id}/karbon-connection)");
        }
        KarbonConnections.Credentials karbon = found.get();
        String base = karbon.baseUrl().replaceAll("/+$", "");
        String query = uri.getRequestUri().getRawQuery();
        URI target;
        try {
            target = URI.create(base + "/" + path + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            // the path is checked already: what is left is a query that no URL may have
            throw new ApiProblem(400, "The query of the Karbon call is not a valid URL query", "query");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + karbon.applicationId())
                .header("AccessKey", karbon.accessKey())
                .header("Accept", "application/json")
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = headers.getHeaderString("Content-Type");
        if (contentType != null && body != null && body.length > 0) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder response = Response.status(answer.statusCode());
            answer.headers().firstValue("Content-Type").ifPresent(type -> response.header("Content-Type", type));
            answer.headers().firstValue("Retry-After").ifPresent(wait -> response.header("Retry-After", wait));
            answer.headers().firstValue("Location").ifPresent(at -> response.header("Location", at));
            byte[] content = answer.body();
            if (content != null && content.length > 0 && answer.headers().firstValue("Content-Type")
                    .map(t -> t.contains("json")).orElse(false)) {
                // next links lead back through here, never to Karbon without its credentials
                String proxy = uri.getBaseUri().toString().replaceAll("/+$", "") + "/internal/karbon/" + firmId;
                content = new String(content, StandardCharsets.UTF_8).replace(base + "/v3", proxy + "/v3")
                        .getBytes(StandardCharsets.UTF_8);
            }
            return response.entity(content).build();
        } catch (IOException e) {
            LOG.debugf("firm %s: %s %s: %s", firmId, method, target, e.toString());
            return error(502, "Unreachable", "Karbon could not be reached at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "ShuttingDown", "matching-service is shutting down");
        }
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ODataError.of(code, message)).build();
    }
}
