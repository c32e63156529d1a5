package io.xpmsync.system;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.xpmsync.infra.LocalKeycloak;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The people the tests act as, signed in at the running system's Keycloak: each firm's administrator (added to the
 * realm the first time the firm is used, its {@code firms} attribute naming that firm only), and the realm file's
 * operator. {@link #FILTER} gives each request to a service the token its path needs, as the console would pass its
 * signed-in user's: a firm's API that firm's administrator's, {@code /admin/...} the operator's, {@code /internal/...}
 * that of the service that calls it.
 */
final class People {

    static final String PASSWORD = "test-password";
    private static final Pattern FIRM = Pattern.compile("/firms/([^/?]+)");
    private static final Duration REUSE = Duration.ofSeconds(200);
    private static final Map<String, Held> TOKENS = new ConcurrentHashMap<>();

    private record Held(String token, Instant fetched) {
    }

    private People() {
    }

    /** Gives requests without an {@code Authorization} header the token their path needs (see above). */
    static final Filter FILTER = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                String token = forPath(URI.create(request.getURI()).getRawPath());
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
            }
            return context.next(request, response);
        }
    };

    static String forPath(String path) {
        if (path.startsWith("/internal/")) {
            return service(callerOf(path));
        }
        if (path.startsWith("/admin/")) {
            return operator();
        }
        Matcher firm = FIRM.matcher(path);
        if (firm.find()) {
            return adminOf(URLDecoder.decode(firm.group(1), StandardCharsets.UTF_8));
        }
        return path.startsWith("/api/") ? operator() : null;
    }

    /** A token of {@code firmId}'s administrator (role firm-admin, that firm only). */
    static String adminOf(String firmId) {
        return person("admin-" + firmId, List.of(firmId), "firm-admins");
    }

    /** A token of a person of the realm, added on first use with {@code firms} in {@code group}. */
    static String person(String username, List<String> firms, String group) {
        String key = username.toLowerCase(java.util.Locale.ROOT);
        Held held = TOKENS.get(key);
        if (held == null) {
            LocalKeycloak.addPerson(keycloak(), username, PASSWORD, firms, group);
        }
        return token(username, PASSWORD);
    }

    /** The operator of the realm file (role operator: every firm's dead letters). */
    static String operator() {
        return token("operator", "operator");
    }

    /** A token of xpm-sync's own services (push-service's client; role service). */
    static String service() {
        return service("push-service");
    }

    /** A token of the xpm-sync service {@code clientId} (its client-credentials grant; role service). */
    static String service(String clientId) {
        return LocalKeycloak.serviceToken(keycloak(), clientId);
    }

    /**
     * The one service that calls the internal API at {@code path} (service-security's {@code AccessRules}):
     * matching-service's Karbon proxy is mapping-service's, connector-service's XPM access tokens push-service's.
     */
    static String callerOf(String path) {
        return path.startsWith("/internal/karbon/") ? "mapping-service" : "push-service";
    }

    private static String token(String username, String password) {
        String key = username.toLowerCase(java.util.Locale.ROOT);
        Held held = TOKENS.get(key);
        if (held == null || held.fetched().plus(REUSE).isBefore(Instant.now())) {
            held = new Held(LocalKeycloak.passwordToken(keycloak(), username, password), Instant.now());
            TOKENS.put(key, held);
        }
        return held.token();
    }

    static String keycloak() {
        return RunningSystem.system().keycloakUrl();
    }
}
