package io.xpmsync.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.xpmsync.security.AccessRules.Caller;
import io.xpmsync.security.AccessRules.Verdict;
import jakarta.json.JsonString;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies {@link AccessRules} to every request a resource is about to serve, with the identity quarkus-oidc has
 * established from the bearer token (signature, issuer, audience and expiry already checked; a bad token never gets
 * here). Refusals are RFC 7807 problems in words. {@code OPTIONS} is checked before the resource is matched, as
 * Quarkus answers it on its own there (no resource declares it), so that it is under the same rules as any method.
 * The console, whose paths are its own, leaves the filter out ({@code xpmsync.security.access-filter=off} at build
 * time).
 */
@IfBuildProperty(name = "xpmsync.security.access-filter", stringValue = "on", enableIfMissing = true)
public class AccessFilter {

    static final String FIRMS_CLAIM = "firms";
    private static final Set<String> ROLES = Set.of(AccessRules.FIRM_ADMIN, AccessRules.FIRM_READER,
            AccessRules.SERVICE, AccessRules.OPERATOR);

    /** The client a token was issued to: Keycloak writes it in {@code azp} and (service accounts) {@code client_id}. */
    static final List<String> CLIENT_CLAIMS = List.of("azp", "client_id");

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Optional<Response> check(ContainerRequestContext request) {
        return answer(request, request.getUriInfo().getPathParameters().getFirst("firmId"));
    }

    /** {@code OPTIONS}, before Quarkus answers it by itself: the firm as the path names it. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHORIZATION)
    public Optional<Response> checkOptions(ContainerRequestContext request) {
        return "OPTIONS".equalsIgnoreCase(request.getMethod()) ? answer(request, null) : Optional.empty();
    }

    private static Optional<Response> answer(ContainerRequestContext request, String firmId) {
        AccessRules.Rule rule = AccessRules.of(request.getMethod(), request.getUriInfo().getPath(), firmId);
        Verdict verdict = AccessRules.decide(rule, caller(request.getSecurityContext()));
        if (verdict.allowed()) {
            return Optional.empty();
        }
        Response.ResponseBuilder response = Response.fromResponse(Problems.response(verdict.status(), verdict.detail(),
                verdict.status() == 400 ? "firmId" : null));
        if (verdict.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return Optional.of(response.build());
    }

    static Caller caller(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return Caller.ANONYMOUS;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : ROLES) {
            if (security.isUserInRole(role)) {
                roles.add(role);
            }
        }
        if (!(principal instanceof JsonWebToken token)) {
            return new Caller(true, roles, Set.of(), null);
        }
        return new Caller(true, roles, firms(token.getClaim(FIRMS_CLAIM)), clientId(token::getClaim));
    }

    /** The client id a token names, or {@code null} when it names none or two different ones. */
    static String clientId(java.util.function.Function<String, Object> claims) {
        Set<String> named = new LinkedHashSet<>();
        for (String claim : CLIENT_CLAIMS) {
            Object value = claims.apply(claim);
            String text = value instanceof JsonString json ? json.getString() : value instanceof String string
                    ? string : null;
            if (text != null && !text.isBlank()) {
                named.add(text);
            }
        }
        return named.size() == 1 ? named.iterator().next() : null;
    }

    /** The firms a token names: a JSON array of strings (Keycloak's multivalued attribute mapper), or one string. */
    static Set<String> firms(Object claim) {
        Set<String> firms = new LinkedHashSet<>();
        if (claim instanceof Iterable<?>) {
            for (Object firm : (Iterable<?>) claim) {
                firms.add(firm instanceof JsonString ? ((JsonString) firm).getString() : String.valueOf(firm));
            }
        } else if (claim instanceof JsonString) {
            firms.add(((JsonString) claim).getString());
        } else if (claim instanceof String) {
            firms.add((String) claim);
        }
        return firms;
    }
}
