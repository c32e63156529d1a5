package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.client.karbon.model.ODataError;
import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Karbon's API authentication: {@code Authorization: Bearer <application id>} and {@code AccessKey: <key>}, the key
 * naming the tenant; then the rate limit. Only the {@code /v3} API is guarded; the admin API is the sandbox's own.
 */
public class ApiAuthFilter {

    private final CurrentFirm currentFirm;
    private final RateLimiter rateLimiter;
    private final ApiCalls calls;

    ApiAuthFilter(CurrentFirm currentFirm, RateLimiter rateLimiter, ApiCalls calls) {
        this.currentFirm = currentFirm;
        this.rateLimiter = rateLimiter;
        this.calls = calls;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v3")) {
            return null;
        }
        String authorization = request.getHeaderString("Authorization");
        String accessKey = request.getHeaderString("AccessKey");
        if (authorization == null || !authorization.startsWith("Bearer ") || accessKey == null || accessKey.isBlank()) {
            return error(Response.Status.UNAUTHORIZED, "Unauthorized",
                    "Send 'Authorization: Bearer {application id}' and 'AccessKey: {access key}'");
        }
        FirmEntity firm = FirmEntity.find("accessKey", accessKey.strip()).firstResult();
        if (firm == null || !firm.applicationId.equals(authorization.substring("Bearer ".length()).strip())) {
            return error(Response.Status.UNAUTHORIZED, "Unauthorized", "The application id or access key is not valid");
        }
        long retryAfter = rateLimiter.acquire(firm.accessKey);
        if (retryAfter > 0) {
            calls.rateLimited(firm.firmId);
            return Response.status(429).header("Retry-After", retryAfter).type(MediaType.APPLICATION_JSON)
                    .entity(ODataError.of("TooManyRequests", "Rate limit exceeded; retry after " + retryAfter + " s"))
                    .build();
        }
        calls.allowed(firm.firmId, request.getMethod());
        currentFirm.set(firm);
        return null;
    }

    private static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ODataError.of(code, message)).build();
    }
}
