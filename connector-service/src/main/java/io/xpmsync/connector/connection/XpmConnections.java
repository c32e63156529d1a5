package io.xpmsync.connector.connection;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.XpmAllowance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.xpmsync.client.xpm.XpmAccess;
import io.xpmsync.client.xpm.XpmTokenSource;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.OAuthStateEntity;
import io.xpmsync.connector.persistence.PracticeChoiceEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.security.ApiProblem;
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
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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

    /**
     * A connection as the REST API shows it: never a token. {@code reconnectNeeded}: Xero no longer accepts the
     * connection (the app was removed in Xero, or it went unused past the refresh token's lifetime), said in words in
     * {@code reconnectReason}; nothing is read from or written to XPM until the user connects again.
     */
    public record Status(String firmId, boolean connected, String country, String tenantId, String tenantName,
                         Instant connectedAt, Instant accessTokenExpiresAt, Instant lastRefreshedAt,
                         boolean reconnectNeeded, String reconnectReason, List<Practice> practiceChoices,
                         Instant pausedUntil, String pauseReason) {
    }

    /** A practice the user may choose after a consent that reached several. */
    public record Practice(String tenantId, String tenantName) {
    }

    /** How Connect ended: connected, or waiting for the user to choose one of several practices. */
    public record Outcome(OAuthStateEntity state, boolean choosing) {
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

    private final XpmAllowance allowance;

    XpmConnections(OidcClient oidc, SecretBox secrets, ConnectorConfig config, SyncSettingsService settings,
                   SyncRuns runs, XpmAllowance allowance) {
        this.allowance = allowance;
        this.runs = runs;
        this.oidc = oidc;
        this.secrets = secrets;
        this.config = config;
        this.settings = settings;
    }

    /** The cookie that binds a Connect to the browser that started it (path {@code /xpm/callback} only). */
    public static final String BINDING_COOKIE = "xpmsync_connect";

    /** What Connect gives back: where to send the browser, and the value its Connect cookie must hold. */
    public record Started(URI authorizeUrl, String browserBinding) {
    }

    /**
     * Connect: checks the region rule, then gives the Xero authorize URL to send the user's browser to, and a random
     * value for that browser's Connect cookie: the callback completes only in the browser holding it, so an authorize
     * link sent to someone else connects nothing.
     */
    @Transactional
    public Started startConnect(String firmId, String country, String returnTo) {
        String code = Regions.require(country);
        if (returnTo != null && !returnTo.isBlank() && !isSafeReturn(returnTo)) {
            throw new ApiProblem(400, "returnTo must be a path on this site or the console's address ("
                    + String.join(", ", config.xpm().returnOrigins()) + ")", "returnTo");
        }
        OAuthStateEntity.delete("expiresAt < ?1", Instant.now());
        OAuthStateEntity state = new OAuthStateEntity();
        state.state = randomState();
        state.firmId = firmId;
        state.country = code;
        state.returnTo = returnTo == null || returnTo.isBlank() ? null : returnTo;
        state.expiresAt = Instant.now().plus(STATE_LIFETIME);
        String binding = randomState();
        state.browserBinding = sha256(binding);
        state.codeVerifier = randomState() + randomState();
        state.persist();
        return new Started(UriBuilder.fromUri(config.xpm().authorizeUrl())
                .queryParam("response_type", "code")
                .queryParam("client_id", config.xpm().clientId())
                .queryParam("redirect_uri", config.xpm().redirectUri())
                .queryParam("scope", config.xpm().scopes())
                .queryParam("state", state.state)
                .queryParam("code_challenge", pkceChallenge(state.codeVerifier))
                .queryParam("code_challenge_method", "S256")
                .build(), binding);
    }

    /**
     * The end of the flow: Xero sent the browser back with a code for {@code state}. The practice is the one this
     * consent connected (Xero's {@code /connections?authEventId=}, the consent named in the access token), never
     * simply the first the user ever connected; when the consent reached several, the user chooses
     * ({@link #choosePractice}).
     */
    @Transactional
    public Outcome completeConnect(String code, String stateValue, String browserBinding) {
        OAuthStateEntity state = stateValue == null ? null : OAuthStateEntity.findById(stateValue);
        if (state == null || state.expiresAt.isBefore(Instant.now())) {
            throw new ApiProblem(400, "This sign-in link is unknown or has expired; start Connect again.", "state");
        }
        if (state.browserBinding != null && (browserBinding == null
                || !java.security.MessageDigest.isEqual(state.browserBinding.getBytes(StandardCharsets.US_ASCII),
                sha256(browserBinding).getBytes(StandardCharsets.US_ASCII)))) {
            throw new ApiProblem(400, "This sign-in was not started in this browser; start Connect again from the"
                    + " console.", "state");
        }
        state.delete();
        if (code == null || code.isBlank()) {
            throw new ApiProblem(400, "Xero did not send an authorization code", "code");
        }
        Tokens tokens = exchange(code, state.codeVerifier);
        List<JsonNode> practices = consentPractices(tokens.getAccessToken());
        if (practices.size() > 1) {
            PracticeChoiceEntity.deleteById(state.firmId);
            PracticeChoiceEntity choice = new PracticeChoiceEntity();
            choice.firmId = state.firmId;
            choice.country = state.country;
            choice.accessTokenSealed = secrets.seal(tokens.getAccessToken(), state.firmId);
            choice.refreshTokenSealed = secrets.seal(requireRefresh(tokens), state.firmId);
            choice.accessExpiresAt = expiry(tokens);
            choice.choices = json.valueToTree(practices).toString();
            choice.expiresAt = Instant.now().plus(STATE_LIFETIME);
            choice.persist();
            LOG.infof("firm %s: the consent reached %d practices; waiting for the user to choose", state.firmId,
                    practices.size());
            return new Outcome(state, true);
        }
        connect(state.firmId, state.country, practices.get(0), tokens.getAccessToken(), requireRefresh(tokens),
                expiry(tokens));
        return new Outcome(state, false);
    }

    /** The user chose which of the consent's practices the firm syncs with. */
    @Transactional
    public Status choosePractice(String firmId, String tenantId) {
        PracticeChoiceEntity choice = PracticeChoiceEntity.findById(firmId);
        if (choice == null || choice.expiresAt.isBefore(Instant.now())) {
            throw new ApiProblem(409, "There is no practice to choose for firm " + firmId + "; start Connect again");
        }
        JsonNode chosen = null;
        for (JsonNode practice : readChoices(choice)) {
            if (practice.path("tenantId").asText().equalsIgnoreCase(tenantId == null ? "" : tenantId.strip())) {
                chosen = practice;
            }
        }
        if (chosen == null) {
            throw new ApiProblem(400, "Choose one of the practices this sign-in reached", "tenantId");
        }
        choice.delete();
        connect(firmId, choice.country, chosen, secrets.open(choice.accessTokenSealed, firmId),
                secrets.open(choice.refreshTokenSealed, firmId), choice.accessExpiresAt);
        return status(firmId);
    }

    private void connect(String firmId, String country, JsonNode tenant, String accessToken, String refreshToken,
                         Instant accessExpiresAt) {
        XpmConnectionEntity connection = XpmConnectionEntity.findById(firmId);
        if (connection == null) {
            connection = new XpmConnectionEntity();
            connection.firmId = firmId;
            connection.nextPollAt = Instant.now();
        } else if (connection.tenantId != null
                && !connection.tenantId.equalsIgnoreCase(tenant.path("tenantId").asText())) {
            // its mappings are with that practice's records: another practice needs a Disconnect first
            throw new ApiProblem(409, "This firm is connected to the practice " + (connection.tenantName == null
                    ? connection.tenantId : connection.tenantName) + "; Disconnect it before connecting it to "
                    + tenant.path("tenantName").asText("another practice"), "tenantId");
        }
        connection.country = country;
        connection.tenantId = tenant.path("tenantId").asText().toLowerCase();
        connection.tenantName = tenant.path("tenantName").asText(null);
        connection.connectionId = tenant.path("id").asText(null);
        connection.connectedAt = Instant.now();
        connection.reconnectReason = null;
        connection.accessTokenSealed = secrets.seal(accessToken, firmId);
        connection.refreshTokenSealed = secrets.seal(refreshToken, firmId);
        connection.accessExpiresAt = accessExpiresAt;
        connection.persist();
        PracticeChoiceEntity.deleteById(firmId);
        settings.publish(firmId, true);
        LOG.infof("firm %s connected to XPM practice %s (%s)", firmId, connection.tenantName, connection.tenantId);
    }

    @Transactional
    public Status status(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        PracticeChoiceEntity choice = PracticeChoiceEntity.findById(firmId);
        List<Practice> choices = choice == null || choice.expiresAt.isBefore(Instant.now()) ? List.of()
                : readChoices(choice).stream().map(p -> new Practice(p.path("tenantId").asText().toLowerCase(),
                p.path("tenantName").asText(null))).toList();
        if (c == null) {
            return new Status(firmId, false, choice == null ? null : choice.country, null, null, null, null, null,
                    false, null, choices, null, null);
        }
        // XPM asked to wait (a daily limit: until a day's calls have rolled out of its window): nothing is called
        Optional<ApiBudget.Pause> pause = allowance.pause(c.tenantId);
        return new Status(firmId, true, c.country, c.tenantId, c.tenantName, c.connectedAt, c.accessExpiresAt,
                c.refreshedAt, c.reconnectReason != null, c.reconnectReason, choices,
                pause.map(ApiBudget.Pause::until).orElse(null), pause.map(ApiBudget.Pause::reason).orElse(null));
    }

    public boolean connected(String firmId) {
        return XpmConnectionEntity.findById(firmId) != null;
    }

    /**
     * Disconnect: removes the connection at Xero and revokes the grant (best effort: a connection Xero already
     * forgot must still be forgettable here), then forgets the tokens. With {@code forget}, the firm also asked
     * xpm-sync to forget it: everything this service keeps of the firm (runs and what they staged, settings, practice
     * choices, sign-ins in flight, unsent events) is deleted, and settings marked forgotten tell every other service
     * to do the same. A firm already disconnected can still be forgotten.
     */
    @Transactional
    public void disconnect(String firmId, boolean forget) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE);
        if (c == null && !forget) {
            throw new ApiProblem(404, "Firm " + firmId + " is not connected to Xero Practice Manager");
        }
        if (c != null) {
            try {
                if (c.connectionId != null) {
                    send(HttpRequest.newBuilder(URI.create(connectionsUrl() + "/" + c.connectionId)).DELETE()
                            .header("Authorization", "Bearer " + secrets.open(c.accessTokenSealed, c.firmId)));
                }
                oidc.revokeAccessToken(secrets.open(c.refreshTokenSealed, c.firmId)).await()
                        .atMost(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                LOG.warnf("firm %s: Xero did not confirm the disconnect (%s); the tokens are forgotten anyway", firmId,
                        e.getMessage());
            }
            c.delete();
        }
        runs.abandon(firmId, "the firm disconnected from Xero Practice Manager");
        if (forget) {
            runs.forget(firmId);
            settings.publishForgotten(firmId);
        } else {
            settings.publish(firmId, false);
        }
    }

    /** For push-service: a current access token (refreshed here if close to expiry). */
    @Transactional(dontRollbackOn = XpmException.class)
    public Access access(String firmId) {
        XpmConnectionEntity c = fresh(firmId);
        return new Access(secrets.open(c.accessTokenSealed, c.firmId), c.tenantId, c.accessExpiresAt);
    }

    /** For push-service: XPM refused {@code rejectedToken}; the newer token, refreshed here if still the same. */
    @Transactional(dontRollbackOn = XpmException.class)
    public Access afterRejectedAccess(String firmId, String rejectedToken) {
        XpmAccess access = afterRejected(firmId, new XpmAccess(rejectedToken, "unknown"));
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        return new Access(access.accessToken(), access.tenantId(), c.accessExpiresAt);
    }

    @Override
    @Transactional(dontRollbackOn = XpmException.class)
    public XpmAccess current(String firmId) {
        XpmConnectionEntity c = fresh(firmId);
        return new XpmAccess(secrets.open(c.accessTokenSealed, c.firmId), c.tenantId);
    }

    @Override
    @Transactional(dontRollbackOn = XpmException.class)
    public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
        XpmConnectionEntity c = locked(firmId);
        if (secrets.open(c.accessTokenSealed, c.firmId).equals(rejected.accessToken())) {
            refresh(c);
        }
        return new XpmAccess(secrets.open(c.accessTokenSealed, c.firmId), c.tenantId);
    }

    private XpmConnectionEntity fresh(String firmId) {
        XpmConnectionEntity c = XpmConnectionEntity.findById(firmId);
        if (c == null) {
            throw notConnected(firmId);
        }
        if (c.reconnectReason != null) {
            throw new XpmException(401, false, c.reconnectReason, null);
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
        if (c.reconnectReason != null) {
            throw new XpmException(401, false, c.reconnectReason, null);
        }
        Tokens tokens;
        try {
            tokens = oidc.refreshTokens(secrets.open(c.refreshTokenSealed, c.firmId)).await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            if (refused(e)) {
                // The refresh token is dead for good: say so on the connection (the row is locked by this
                // transaction), and stop polling the firm until it connects again.
                String reason = "Reconnect needed: Xero no longer accepts this connection to "
                        + (c.tenantName == null ? "the practice" : c.tenantName) + " (the app was removed in Xero, or"
                        + " the connection went unused too long). Connect to Xero Practice Manager again.";
                String firmId = c.firmId;
                c.reconnectReason = reason; // kept: the callers' transactions do not roll back for XpmException
                LOG.warnf("firm %s: Xero refused to refresh the XPM tokens (%s); reconnect needed", firmId,
                        e.getMessage());
                throw new XpmException(401, false, reason, e);
            }
            throw new XpmException(503, true, "Xero could not refresh firm " + c.firmId + "'s XPM tokens just now ("
                    + e.getMessage() + "); tried again later", e);
        }
        store(c, tokens);
        c.refreshedAt = Instant.now();
        LOG.debugf("firm %s: XPM tokens refreshed", c.firmId);
    }

    /**
     * Whether Xero answered the refresh with a refusal for good (OAuth's {@code invalid_grant}, the error body the OIDC
     * client's exception carries), not a passing fault such as Xero not answering.
     */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("invalid_grant") || message.contains("unauthorized_client")) {
                return true;
            }
        }
        return false;
    }

    private void store(XpmConnectionEntity c, Tokens tokens) {
        c.accessTokenSealed = secrets.seal(tokens.getAccessToken(), c.firmId);
        c.refreshTokenSealed = secrets.seal(requireRefresh(tokens), c.firmId);
        c.accessExpiresAt = expiry(tokens);
    }

    private static String requireRefresh(Tokens tokens) {
        if (tokens.getRefreshToken() == null) {
            throw new ApiProblem(502, "Xero answered without a refresh token; the offline_access scope is needed");
        }
        return tokens.getRefreshToken();
    }

    private static Instant expiry(Tokens tokens) {
        return tokens.getAccessTokenExpiresAt() == null ? Instant.now().plus(Duration.ofMinutes(30))
                : Instant.ofEpochSecond(tokens.getAccessTokenExpiresAt());
    }

    private List<JsonNode> readChoices(PracticeChoiceEntity choice) {
        try {
            List<JsonNode> practices = new ArrayList<>();
            json.readTree(choice.choices).forEach(practices::add);
            return practices;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable practice choices of firm " + choice.firmId, e);
        }
    }

    /** The code grant, with the PKCE verifier of the authorization request (states from before PKCE have none). */
    private Tokens exchange(String code, String codeVerifier) {
        Map<String, String> grant = new java.util.HashMap<>(Map.of("code", code, "redirect_uri",
                config.xpm().redirectUri()));
        if (codeVerifier != null) {
            grant.put("code_verifier", codeVerifier);
        }
        try {
            return oidc.getTokens(grant)
                    .await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // Xero's answer is logged, never passed on to the browser
            LOG.warnf("Xero refused the authorization code: %s", e.getMessage());
            throw new ApiProblem(502, "Xero did not accept the authorization code; start Connect again.");
        }
    }

    /**
     * The practices (tenants of type PRACTICEMANAGER) this consent connected: Xero's {@code /connections} filtered by
     * the consent's {@code authEventId}, which its access token (a JWT) names in {@code authentication_event_id}.
     * Without it, every practice the user ever connected to the app would be listed, and the first of them might
     * belong to another firm.
     */
    private List<JsonNode> consentPractices(String accessToken) {
        String authEvent = claim(accessToken, "authentication_event_id");
        URI uri = URI.create(connectionsUrl() + (authEvent == null ? ""
                : "?authEventId=" + java.net.URLEncoder.encode(authEvent, java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode connections = send(HttpRequest.newBuilder(uri).GET()
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json"));
        List<JsonNode> practices = new ArrayList<>();
        for (JsonNode connection : connections) {
            if ("PRACTICEMANAGER".equalsIgnoreCase(connection.path("tenantType").asText())) {
                practices.add(json.createObjectNode().put("id", connection.path("id").asText(null))
                        .put("tenantId", connection.path("tenantId").asText())
                        .put("tenantName", connection.path("tenantName").asText(null)));
            }
        }
        if (practices.isEmpty()) {
            throw new ApiProblem(409, "The Xero login has no Xero Practice Manager practice to connect to");
        }
        return practices;
    }

    /** A claim of a JWT access token, read without verifying it (it came straight from Xero); null if absent. */
    private String claim(String token, String name) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull(name) ? claims.get(name).asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
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

    private boolean isSafeReturn(String returnTo) {
        if (returnTo.startsWith("/") && !returnTo.startsWith("//") && !returnTo.startsWith("/\\")) {
            return true;
        }
        try {
            URI to = URI.create(returnTo);
            String origin = to.getScheme() + "://" + to.getRawAuthority();
            return to.getRawUserInfo() == null && config.xpm().returnOrigins().stream()
                    .anyMatch(allowed -> allowed.replaceAll("/+$", "").equalsIgnoreCase(origin));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String sha256(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7636's S256 challenge of a verifier: base64url (no padding) of its SHA-256. */
    static String pkceChallenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomState() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
