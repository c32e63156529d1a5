package io.xpmsync.console;

import io.xpmsync.security.Problems;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The console's one origin for the services' public REST APIs: {@code /api/{part}/firms/...} is sent on to that
 * part's {@code /firms/...} with the same method, query and body, and the signed-in person's access token, and its
 * answer comes back as it is (the service decides what this person may see and do). Only firm paths are passed: the
 * services' {@code /internal} APIs and anything else stay out of the browser's reach. A change made with the
 * session's cookie must come from the console's own page ({@value #PAGE_HEADER} header, and no other origin), so
 * that another site cannot make a signed-in person's browser change anything.
 */
@Path("/api/{part}/{path: firms/.+}")
public class ServiceGateway {

    private static final Logger LOG = Logger.getLogger(ServiceGateway.class);
    private static final Pattern SAFE_PATH = Pattern.compile("firms/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Sent by the console's page with every request; another site's page cannot send it without CORS. */
    static final String PAGE_HEADER = "X-Requested-By";

    private final ConsoleConfig config;
    private final Viewer viewer;

    ServiceGateway(ConsoleConfig config, Viewer viewer) {
        this.config = config;
        this.viewer = viewer;
    }

    @GET
    public Response get(@PathParam("part") String part, @PathParam("path") String path, @Context UriInfo uri,
                        @Context HttpHeaders headers) {
        return forward("GET", part, path, uri, headers, null);
    }

    @POST
    public Response post(@PathParam("part") String part, @PathParam("path") String path, @Context UriInfo uri,
                         @Context HttpHeaders headers, byte[] body) {
        return forward("POST", part, path, uri, headers, body);
    }

    @PUT
    public Response put(@PathParam("part") String part, @PathParam("path") String path, @Context UriInfo uri,
                        @Context HttpHeaders headers, byte[] body) {
        return forward("PUT", part, path, uri, headers, body);
    }

    @DELETE
    public Response delete(@PathParam("part") String part, @PathParam("path") String path, @Context UriInfo uri,
                           @Context HttpHeaders headers) {
        return forward("DELETE", part, path, uri, headers, null);
    }

    private Response forward(String method, String part, String path, UriInfo uri, HttpHeaders headers, byte[] body) {
        URI base = config.service(part).orElse(null);
        if (base == null) {
            return problem(404, "No part named '" + part + "': use one of " + config.services().keySet());
        }
        if (!SAFE_PATH.matcher(path).matches()) {
            return problem(400, "Only firm paths (firms/{firmId}/...) of the services' public APIs are served here");
        }
        if (!"GET".equals(method) && headers.getHeaderString("Authorization") == null
                && (headers.getHeaderString(PAGE_HEADER) == null || crossOrigin(headers))) {
            return problem(403, "Changes are taken from the console's own page only");
        }
        String token = viewer.accessToken().orElse(null);
        if (token == null) {
            return problem(401, "Sign in again: the session has no access token");
        }
        String query = uri.getRequestUri().getRawQuery();
        URI target = base.resolve("/" + path + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
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
            // a service's cookie for this browser (Connect's, bound to the browser that started it)
            answer.headers().allValues("Set-Cookie").forEach(cookie -> response.header("Set-Cookie", cookie));
            return response.entity(answer.body()).build();
        } catch (IOException e) {
            LOG.warnf("%s %s: %s", method, target, e.toString());
            return problem(502, part + "-service is not reachable at " + base + "; is it running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(503, "The console is shutting down");
        }
    }

    private static boolean crossOrigin(HttpHeaders headers) {
        String origin = headers.getHeaderString("Origin");
        if (origin == null) {
            return false;
        }
        try {
            // the page's own requests come from the address the browser used (the Host it sends)
            return !String.valueOf(URI.create(origin).getRawAuthority()).equalsIgnoreCase(headers.getHeaderString("Host"));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    static Response problem(int status, String detail) {
        return Problems.response(status, detail);
    }
}
