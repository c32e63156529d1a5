package io.xpmsync.connector.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.xpmsync.client.xpm.XpmAccess;
import io.xpmsync.client.xpm.XpmTokenSource;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.OAuthStateEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.connector.rest.ApiProblem;
import io.xpmsync.connector.settings.SyncSettingsService;
import io.xpmsync.connector.sync.SyncRuns;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Firms' connections to XPM (Settings → Connected Apps): the authorization-code flow against Xero identity, the
 * {@code PRACTICEMANAGER} tenant, tokens sealed at rest, and the only place tokens are refreshed. Refresh tokens
 * rotate, so a refresh holds the connection's row lock: two instances never refresh the same connection at once,
 * and the one that waited finds the new token instead of spending the old refresh token again.
 */
@ApplicationScoped
public class XpmConnections implements XpmTokenSource {

    private static final Logger LOG = Logger.getLogger(XpmConnections.class);
    private static final Duration STATE_LIFETIME = Duration.ofMinutes(15);
    /** An access token this close to expiry is refreshed before use. */
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    /** A connection as the REST API shows it: never a token. */
    public record Status(String firmId, boolean connected, String country, String tenantId, String tenantName,
                         Instant connectedAt, Instant accessTokenExpiresAt, Instant lastRefreshedAt) {
    }

    /** What push-service needs for one call: a current access token, the tenant, and when the token expires. */
    public record Access(String accessToken, String tenantId, Instant expiresAt) {
    }

    private final OidcClient oidc;
    private final SecretBox secrets;
    private final ConnectorConfig config;
    private final SyncSettingsService settings;
    private final SyncRuns runs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    XpmConnections(OidcClient oidc, SecretBox secrets, ConnectorConfig config, SyncSettingsService settings,
                   SyncRuns runs) {
        this.runs = runs;
        this.oidc = oidc;
        this.secrets = secrets;
        this.config = config;
        this.settings = settings;
    }

    /** Connect: checks the region rule, then gives the Xero authorize URL to send the user's browser to. */
    @Transactional
    public URI startConnect(String firmId, String country, String returnTo) {
        String code = Regions.require(country);
        if (returnTo != null && !returnTo.isBlank() && !isSafeReturn(returnTo)) {
            throw new ApiProblem(400, "returnTo must be a path on this site or an http(s) URL", "returnTo");
        }
        OAuthStateEntity.delete("expiresAt < ?1", Instant.now());
        OAuthStateEntity state = new OAuthStateEntity();
        state.state = randomState();
        state.firmId = firmId;
        state.country = code;
        state.returnTo = returnTo == null || returnTo.isBlank() ? null : returnTo;
        state.expiresAt = Instant.now().plus(STATE_LIFETIME);
        state.persist();
        return UriBuilder.fromUri(config.xpm().authorizeUrl())
                .queryParam("response_type", "code")
                .queryParam("client_id", config.xpm().clientId())
                .queryParam("redirect_uri", config.xpm().redirectUri())
                .queryParam("scope", config.xpm().scopes())
                .queryParam("state", state.state)
                .build();
    }

    /** The end of the flow: Xero sent the browser back with a code for {@code state}. Returns where to send it next. */
    @Transactional
    public OAuthStateEntity completeConnect(String code, String stateValue) {
        OAuthStateEntity state = stateValue == null ? null : OAuthStateEntity.findById(stateValue);
        if (state == null || state.expiresAt.isBefore(Instant.now())) {
            throw new ApiProblem(400, "This sign-in link is unknown or has expired; start Connect again.", "state");
        }
        state.delete();
        if (code == null || code.isBlank()) {
            throw new ApiProblem(400, "Xero did not send an authorization code", "code");
        }
        Tokens tokens = exchange(code);
        JsonNode tenant = practiceTenant(tokens.getAccessToken());
        XpmConnectionEntity connection = XpmConnectionEntity.findById(state.firmId);
        if (connection == null) {
            connection = new XpmConnectionEntity();
            connection.firmId = state.firmId;
            connection.nextPollAt = Instant.now();
        }
        connection.country = state.country;
        connection.tenantId = tenant.path("tenantId").asText().toLowerCase();
        connection.tenantName = tenant.path("tenantName").asText(null);
        connection.connectionId = tenant.path("id").asText(null);
        connection.connectedAt = Instant.now();
        store(connection, tokens);
        connection.persist();
        settings.publish(state.firmId, true);
        LOG.infof("firm %s connected to XPM practice %s (%s)", state.firmId, connection.tenantName, connection.tenantId);
        return state;
    }

    @Transactional
    public Status status(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c == null) {
            return new Status(firmId, false, null, null, null, null, null, null);
        }
        return new Status(firmId, true, c.country, c.tenantId, c.tenantName, c.connectedAt, c.accessExpiresAt,
                c.refreshedAt);
    }

    public boolean connected(String firmId) {
        return XpmConnectionEntity.findById(firmId) != null;
    }

    /**
     * Disconnect: removes the connection at Xero and revokes the grant (best effort: a connection Xero already
     * forgot must still be forgettable here), then forgets the tokens.
     */
    @Transactional
    public void disconnect(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw new ApiProblem(404, "Firm " + firmId + " is not connected to Xero Practice Manager");
        }
        try {
            if (c.connectionId != null) {
                send(HttpRequest.newBuilder(URI.create(connectionsUrl() + "/" + c.connectionId)).DELETE()
                        .header("Authorization", "Bearer " + secrets.open(c.accessTokenSealed)));
            }
            oidc.revokeAccessToken(secrets.open(c.refreshTokenSealed)).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("firm %s: Xero did not confirm the disconnect (%s); the tokens are forgotten anyway", firmId,
                    e.getMessage());
        }
        c.delete();
        runs.abandon(firmId, "the firm disconnected from Xero Practice Manager");
        settings.publish(firmId, false);
    }

    /** For push-service: a current access token (refreshed here if close to expiry). */
    @Transactional
    public Access access(String firmId) {
        XpmConnectionEntity c = fresh(firmId);
        return new Access(secrets.open(c.accessTokenSealed), c.tenantId, c.accessExpiresAt);
    }

    /** For push-service: XPM refused {@code rejectedToken}; the newer token, refreshed here if still the same. */
    @Transactional
    public Access afterRejectedAccess(String firmId, String rejectedToken) {
        XpmAccess access = afterRejected(firmId, new XpmAccess(rejectedToken, "unknown"));
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        return new Access(access.accessToken(), access.tenantId(), c.accessExpiresAt);
    }

    @Override
    @Transactional
    public XpmAccess current(String firmId) {
        XpmConnectionEntity c = fresh(firmId);
        return new XpmAccess(secrets.open(c.accessTokenSealed), c.tenantId);
    }

    @Override
    @Transactional
    public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
        XpmConnectionEntity c = locked(firmId);
        if (secrets.open(c.accessTokenSealed).equals(rejected.accessToken())) {
            refresh(c);
        }
        return new XpmAccess(secrets.open(c.accessTokenSealed), c.tenantId);
    }

    private XpmConnectionEntity fresh(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c == null) {
            throw notConnected(firmId);
        }
        if (c.accessExpiresAt.isAfter(Instant.now().plus(REFRESH_MARGIN))) {
            return c;
        }
        c = locked(firmId);
        if (!c.accessExpiresAt.isAfter(Instant.now().plus(REFRESH_MARGIN))) {
            refresh(c);
        }
        return c;
    }

    private XpmConnectionEntity locked(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c == null) {
            throw notConnected(firmId);
        }
        XpmConnectionEntity.getEntityManager().refresh(c, LockModeType.PESSIMISTIC_WRITE);
        return c;
    }

    private void refresh(XpmConnectionEntity c) {
        Tokens tokens;
        try {
            tokens = oidc.refreshTokens(secrets.open(c.refreshTokenSealed)).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new XpmException(401, false, "Xero refused to refresh firm " + c.firmId + "'s XPM tokens ("
                    + e.getMessage() + "); connect again", e);
        }
        store(c, tokens);
        c.refreshedAt = Instant.now();
        LOG.debugf("firm %s: XPM tokens refreshed", c.firmId);
    }

    private void store(XpmConnectionEntity c, Tokens tokens) {
        if (tokens.getRefreshToken() == null) {
            throw new ApiProblem(502, "Xero answered without a refresh token; the offline_access scope is needed");
        }
        c.accessTokenSealed = secrets.seal(tokens.getAccessToken());
        c.refreshTokenSealed = secrets.seal(tokens.getRefreshToken());
        c.accessExpiresAt = tokens.getAccessTokenExpiresAt() == null ? Instant.now().plus(Duration.ofMinutes(30))
                : Instant.ofEpochSecond(tokens.getAccessTokenExpiresAt());
    }

    private Tokens exchange(String code) {
        try {
            return oidc.getTokens(Map.of("code", code, "redirect_uri", config.xpm().redirectUri()))
                    .await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new ApiProblem(502, "Xero did not accept the authorization code: " + e.getMessage());
        }
    }

    /** The first tenant of type PRACTICEMANAGER the new tokens reach. */
    private JsonNode practiceTenant(String accessToken) {
        JsonNode connections = send(HttpRequest.newBuilder(URI.create(connectionsUrl())).GET()
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json"));
        for (JsonNode connection : connections) {
            if ("PRACTICEMANAGER".equalsIgnoreCase(connection.path("tenantType").asText())) {
                return connection;
            }
        }
        throw new ApiProblem(409, "The Xero login has no Xero Practice Manager practice to connect to");
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new ApiProblem(502, "Xero answered " + response.statusCode() + " to " + request.build().method()
                        + " /connections");
            }
            return response.body() == null || response.body().isBlank() ? json.createArrayNode()
                    : json.readTree(response.body());
        } catch (IOException e) {
            throw new ApiProblem(502, "Xero could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "interrupted while calling Xero");
        }
    }

    private String connectionsUrl() {
        return config.xpm().connectionsUrl().replaceAll("/+$", "") + "/connections";
    }

    private static XpmException notConnected(String firmId) {
        return new XpmException(401, false, "firm " + firmId + " is not connected to Xero Practice Manager", null);
    }

    private static boolean isSafeReturn(String returnTo) {
        return (returnTo.startsWith("/") && !returnTo.startsWith("//")) || returnTo.startsWith("http://")
                || returnTo.startsWith("https://");
    }

    private String randomState() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
