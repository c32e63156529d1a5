package io.xpmsync.xpmsandbox.api;

import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.xpmsandbox.identity.Identity;
import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import io.xpmsync.xpmsandbox.service.CallLog;
import io.xpmsync.xpmsandbox.service.Faults;
import io.xpmsync.xpmsandbox.service.RateLimits;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What stands in front of the XPM API as it does at Xero: the bearer token (401 when missing, unknown or expired),
 * {@code Xero-Tenant-Id} (403 unless the token reaches that practice), the practice's limits (429 with
 * {@code Retry-After} and {@code X-Rate-Limit-Problem}; every answer carries {@code X-MinLimit-Remaining},
 * {@code X-DayLimit-Remaining} and {@code X-AppMinLimit-Remaining}), then any injected fault. Every call is logged.
 */
public class ApiGate {

    static final String API = "/practicemanager/";
    private static final String TENANT = "xpm-sandbox.tenant";
    private static final String DECISION = "xpm-sandbox.decision";
    private static final String COUNTED = "xpm-sandbox.counted";
    private static final String PROBLEM = "xpm-sandbox.problem";
    private static final String CUT_AFTER = "xpm-sandbox.cut-after";

    private final Identity identity;
    private final RateLimits limits;
    private final Faults faults;
    private final CallLog log;
    private final XpmXml xml = new XpmXml();

    ApiGate(Identity identity, RateLimits limits, Faults faults, CallLog log) {
        this.identity = identity;
        this.limits = limits;
        this.faults = faults;
        this.log = log;
    }

    @ServerRequestFilter
    public Response gate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(API)) {
            return null;
        }
        UUID tenant = tenant(request.getHeaderString("Xero-Tenant-Id"));
        request.setProperty(TENANT, tenant);
        String authorization = request.getHeaderString("Authorization");
        Identity.Bearer bearer = authorization == null || !authorization.startsWith("Bearer ") ? null
                : identity.bearer(authorization.substring("Bearer ".length()).strip());
        if (bearer == null) {
            return problem(request, 401, "Unauthorized", "AuthenticationUnsuccessful: the access token is missing,"
                    + " unknown or expired");
        }
        if (tenant == null) {
            return problem(request, 403, "Forbidden", "AuthorizationUnsuccessful: the Xero-Tenant-Id header is missing"
                    + " or not a UUID");
        }
        PracticeEntity practice = PracticeEntity.findById(tenant);
        if (practice == null || !bearer.tenants().contains(tenant)) {
            return problem(request, 403, "Forbidden", "AuthorizationUnsuccessful: this token is not connected to"
                    + " tenant " + tenant);
        }
        RateLimits.Decision decision = limits.acquire(practice);
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            request.setProperty(PROBLEM, "rate limit: " + decision.problem());
            return Response.status(429).header("Retry-After", decision.retryAfterSeconds())
                    .header("X-Rate-Limit-Problem", decision.problem()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("Title", "Too Many Requests", "Status", 429, "Detail", "Rate limit exceeded ("
                            + decision.problem() + "); retry after " + decision.retryAfterSeconds() + " s"))
                    .build();
        }
        request.setProperty(COUNTED, Boolean.TRUE);
        return injected(request, faults.next(tenant));
    }

    @ServerResponseFilter
    public void after(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith(API)) {
            return;
        }
        UUID tenant = (UUID) request.getProperty(TENANT);
        if (request.getProperty(DECISION) instanceof RateLimits.Decision d) {
            response.getHeaders().putSingle("X-MinLimit-Remaining", d.minuteRemaining());
            response.getHeaders().putSingle("X-DayLimit-Remaining", d.dayRemaining());
            response.getHeaders().putSingle("X-AppMinLimit-Remaining", d.appMinuteRemaining());
        }
        if (Boolean.TRUE.equals(request.getProperty(COUNTED))) {
            limits.finished(tenant);
        }
        if (request.getProperty(CUT_AFTER) instanceof Integer clients && response.getEntity() instanceof String body) {
            response.setEntity(cutOff(body, clients));
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        log.record(tenant, request.getMethod(), request.getUriInfo().getPath() + (query == null ? "" : "?" + query),
                response.getStatus(), (String) request.getProperty(PROBLEM));
    }

    private Response injected(ContainerRequestContext request, Faults.Fault fault) {
        if (fault == null) {
            return null;
        }
        request.setProperty(PROBLEM, "injected " + fault.kind());
        return switch (fault.kind()) {
            case HTTP_500 -> Response.status(500).type(MediaType.TEXT_PLAIN).entity("Internal Server Error").build();
            case HTTP_503 -> Response.status(503).type(MediaType.TEXT_PLAIN).entity("Service Unavailable").build();
            case HTTP_429 -> Response.status(429).header("Retry-After", fault.retryAfterSeconds())
                    .header("X-Rate-Limit-Problem", "minute").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("Title", "Too Many Requests", "Status", 429, "Detail", "Rate limit exceeded (minute)"))
                    .build();
            case MALFORMED_XML -> Response.ok("<Response api-method=\"List\"><Status>OK</Status><Clients><Client><UUID>",
                    MediaType.TEXT_XML).build();
            case STATUS_ERROR -> Response.ok(xml.write(XpmResponse.error("The sandbox was asked to fail this call")),
                    MediaType.TEXT_XML).build();
            case CUT_OFF -> {
                request.setProperty(CUT_AFTER, fault.clients());
                yield null;
            }
            case SLOW -> {
                pause(fault.millis());
                yield null;
            }
        };
    }

    /** {@code body} up to the end of its {@code clients}-th client, as if the connection dropped there. */
    private static String cutOff(String body, int clients) {
        int end = body.indexOf("<Clients>");
        for (int i = 0; i < clients && end >= 0; i++) {
            int next = body.indexOf("</Client>", end);
            end = next < 0 ? -1 : next + "</Client>".length();
        }
        return end < 0 ? body : body.substring(0, end);
    }

    private static Response problem(ContainerRequestContext request, int status, String title, String detail) {
        request.setProperty(PROBLEM, detail);
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("Title", title, "Status", status, "Detail", detail)).build();
    }

    private static UUID tenant(String header) {
        try {
            return header == null ? null : UUID.fromString(header.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
