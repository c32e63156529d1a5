package io.xpmsync.xpmsandbox.identity;

import io.xpmsync.xpmsandbox.persistence.OAuthCodeEntity;
import io.xpmsync.xpmsandbox.persistence.OAuthConnectionEntity;
import io.xpmsync.xpmsandbox.persistence.OAuthGrantEntity;
import io.xpmsync.xpmsandbox.persistence.OAuthTokenEntity;
import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import io.xpmsync.xpmsandbox.persistence.SandboxUserEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The sandbox's Xero identity server: one registered app (client id and secret from configuration), sandbox users who
 * sign in and consent, authorization codes (once, for minutes), access tokens that expire, and refresh tokens that
 * rotate: each refresh returns a new one and the old one stops working. A consent is a grant; it reaches the practices
 * the user chose on the consent screen (one connection each) until it is revoked. Access tokens are JWTs carrying the
 * consent's {@code authentication_event_id}, as Xero's do.
 */
@ApplicationScoped
public class Identity {

    /** What a valid access token gives: its grant and the practices it reaches. */
    public record Bearer(UUID grantId, List<UUID> tenants) {
    }

    /** A token answer (RFC 6749 §5.1). */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, String scope) {
    }

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private final SecureRandom random = new SecureRandom();
    private final byte[] signingKey = new byte[32];
    private final Map<String, Choice> choices = new ConcurrentHashMap<>();

    /** A signed-in user choosing practices, until {@code until}. */
    private record Choice(String email, Instant until) {
    }
    private final String clientId;
    private final String clientSecret;
    private final List<String> redirectPrefixes;
    private final Duration accessTokenLifetime;

    Identity(@ConfigProperty(name = "xpm-sandbox.oauth.client-id") String clientId,
             @ConfigProperty(name = "xpm-sandbox.oauth.client-secret") String clientSecret,
             @ConfigProperty(name = "xpm-sandbox.oauth.redirect-uri-prefixes") List<String> redirectPrefixes,
             @ConfigProperty(name = "xpm-sandbox.oauth.access-token-lifetime") Duration accessTokenLifetime) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectPrefixes = redirectPrefixes;
        this.accessTokenLifetime = accessTokenLifetime;
        random.nextBytes(signingKey);
    }

    /** Checks the app and its redirect URI before anything is shown to the user (never redirects to an unknown URI). */
    public void checkApp(String requestedClientId, String redirectUri) {
        if (!clientId.equals(requestedClientId)) {
            throw new IdentityException(400, "unauthorized_client", "unknown client_id '" + requestedClientId + "'");
        }
        if (redirectUri == null || redirectPrefixes.stream().noneMatch(redirectUri::startsWith)) {
            throw new IdentityException(400, "invalid_request", "redirect_uri '" + redirectUri
                    + "' is not registered for this app");
        }
    }

    /** The user's practices if the password is right, otherwise {@code null}. */
    @Transactional
    public List<PracticeEntity> signIn(String email, String password) {
        SandboxUserEntity user = email == null ? null : SandboxUserEntity.findById(email.strip().toLowerCase());
        if (user == null || !user.password.equals(password)) {
            return null;
        }
        return PracticeEntity.list("ownerEmail", user.email);
    }

    /** The practices of a user (who signed in a moment ago). */
    @Transactional
    public List<PracticeEntity> practicesOf(String email) {
        return PracticeEntity.list("ownerEmail", email.strip().toLowerCase());
    }

    /**
     * The user consented to connect {@code tenants} (some of their practices): a code for the app to exchange, bound
     * to the request's PKCE challenge when it carried one.
     */
    @Transactional
    String issueCode(String email, AuthorizeRequest request, List<UUID> tenants) {
        OAuthCodeEntity code = new OAuthCodeEntity();
        code.code = randomToken();
        code.clientId = clientId;
        code.redirectUri = request.redirectUri();
        code.userEmail = email.strip().toLowerCase();
        code.scope = request.scope() == null ? "" : request.scope();
        code.codeChallenge = request.hasChallenge() ? request.codeChallenge() : null;
        code.expiresAt = Instant.now().plus(CODE_LIFETIME);
        code.tenantIds = String.join(",", tenants.stream().map(UUID::toString).toList());
        code.persist();
        return code.code;
    }

    /**
     * Remembers a signed-in user for a few minutes while they choose which of their practices to connect (Xero's
     * consent screen); answers the one-time consent id the choice is posted with.
     */
    public String beginChoice(String email) {
        choices.values().removeIf(c -> c.until().isBefore(Instant.now()));
        String id = randomToken();
        choices.put(id, new Choice(email.strip().toLowerCase(), Instant.now().plus(CODE_LIFETIME)));
        return id;
    }

    /** The user of a consent id from {@link #beginChoice}, once; null when unknown or expired. */
    public String endChoice(String consentId) {
        Choice choice = consentId == null ? null : choices.remove(consentId);
        return choice == null || choice.until().isBefore(Instant.now()) ? null : choice.email();
    }

    /**
     * The authorization code grant. A code whose request carried a PKCE challenge is exchanged only with its verifier
     * (RFC 7636 §4.6); a wrong or missing verifier is {@code invalid_grant}, and so is a verifier for a request that carried no
     * challenge.
     */
    @Transactional
    public Tokens exchangeCode(String requestedClientId, String secret, String code, String redirectUri,
                               String codeVerifier) {
        authenticateApp(requestedClientId, secret);
        OAuthCodeEntity row = code == null ? null : OAuthCodeEntity.findById(code);
        if (row == null || row.used || row.expiresAt.isBefore(Instant.now())) {
            throw new IdentityException(400, "invalid_grant", "the authorization code is unknown, used or expired");
        }
        if (!Objects.equals(row.redirectUri, redirectUri)) {
            throw new IdentityException(400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        row.used = true;
        if (row.codeChallenge == null && codeVerifier != null) {
            // RFC 9700 §2.1.1: a verifier for a request without a challenge is refused (a code injected from
            // another authorization request is not taken)
            throw new IdentityException(400, "invalid_grant",
                    "code_verifier was sent but the authorization request carried no code_challenge");
        }
        if (row.codeChallenge != null && !AuthorizeRequest.verifies(row.codeChallenge, codeVerifier)) {
            throw new IdentityException(400, "invalid_grant", codeVerifier == null
                    ? "code_verifier is required: the authorization request carried a code_challenge"
                    : "code_verifier does not match the code_challenge of the authorization request");
        }
        OAuthGrantEntity grant = new OAuthGrantEntity();
        grant.grantId = UUID.randomUUID();
        grant.clientId = row.clientId;
        grant.userEmail = row.userEmail;
        grant.scope = row.scope;
        grant.createdAt = Instant.now();
        grant.persist();
        List<String> chosen = row.tenantIds == null || row.tenantIds.isBlank() ? List.of()
                : List.of(row.tenantIds.split(","));
        for (PracticeEntity practice : PracticeEntity.<PracticeEntity>list("ownerEmail", row.userEmail)) {
            if (!chosen.contains(practice.tenantId.toString())) {
                continue;
            }
            OAuthConnectionEntity connection = new OAuthConnectionEntity();
            connection.id = UUID.randomUUID();
            connection.grantId = grant.grantId;
            connection.tenantId = practice.tenantId;
            connection.createdAt = Instant.now();
            connection.persist();
        }
        return issueTokens(grant);
    }

    /** Rotation: the refresh token used here stops working, and a new one is returned. */
    @Transactional
    public Tokens refresh(String requestedClientId, String secret, String refreshToken) {
        authenticateApp(requestedClientId, secret);
        OAuthTokenEntity row = refreshToken == null ? null : OAuthTokenEntity.findById(refreshToken);
        if (row == null || !OAuthTokenEntity.REFRESH.equals(row.kind) || row.revoked) {
            throw new IdentityException(400, "invalid_grant", "the refresh token is unknown, already used or revoked");
        }
        OAuthGrantEntity grant = OAuthGrantEntity.findById(row.grantId);
        if (grant == null || grant.revoked) {
            throw new IdentityException(400, "invalid_grant", "the grant of this refresh token was revoked");
        }
        row.revoked = true;
        return issueTokens(grant);
    }

    /** Revokes the grant of a refresh token: every token of it stops working (Xero's {@code /connect/revocation}). */
    @Transactional
    public void revoke(String requestedClientId, String secret, String token) {
        authenticateApp(requestedClientId, secret);
        OAuthTokenEntity row = token == null ? null : OAuthTokenEntity.findById(token);
        if (row != null) {
            OAuthGrantEntity grant = OAuthGrantEntity.findById(row.grantId);
            grant.revoked = true;
            OAuthTokenEntity.update("revoked = true where grantId = ?1", row.grantId);
            OAuthConnectionEntity.delete("grantId", row.grantId);
        }
    }

    /** The grant and practices of a valid access token; {@code null} for an unknown, expired or revoked one. */
    @Transactional
    public Bearer bearer(String accessToken) {
        OAuthTokenEntity row = accessToken == null ? null : OAuthTokenEntity.findById(accessToken);
        if (row == null || !OAuthTokenEntity.ACCESS.equals(row.kind) || row.revoked
                || row.expiresAt.isBefore(Instant.now())) {
            return null;
        }
        List<UUID> tenants = connections(row.grantId, null).stream().map(c -> c.tenantId).distinct().toList();
        return new Bearer(row.grantId, tenants);
    }

    /**
     * {@code GET /connections}: as Xero answers it, every practice the user has connected to the app, through any of
     * their consents not revoked (oldest first), or with {@code authEventId} only those of that consent.
     */
    @Transactional
    public List<OAuthConnectionEntity> connections(UUID grantId, UUID authEventId) {
        if (authEventId != null) {
            return OAuthConnectionEntity.list("grantId = ?1 order by createdAt", authEventId).stream()
                    .map(OAuthConnectionEntity.class::cast)
                    .filter(c -> sameUser(grantId, c.grantId)).toList();
        }
        OAuthGrantEntity grant = OAuthGrantEntity.findById(grantId);
        return OAuthConnectionEntity.list("grantId in (select g.grantId from OAuthGrantEntity g where"
                + " g.userEmail = ?1 and g.clientId = ?2 and g.revoked = false) order by createdAt", grant.userEmail,
                grant.clientId);
    }

    private static boolean sameUser(UUID a, UUID b) {
        OAuthGrantEntity first = OAuthGrantEntity.findById(a);
        OAuthGrantEntity second = OAuthGrantEntity.findById(b);
        return first != null && second != null && first.userEmail.equals(second.userEmail)
                && first.clientId.equals(second.clientId);
    }

    /** {@code DELETE /connections/{id}}: the user's connection (through any of their consents) is removed. */
    @Transactional
    public boolean disconnect(UUID grantId, UUID connectionId) {
        OAuthConnectionEntity connection = OAuthConnectionEntity.findById(connectionId);
        if (connection == null || !sameUser(grantId, connection.grantId)) {
            return false;
        }
        connection.delete();
        return true;
    }

    /** Expires every access token that reaches the practice now (admin API: tests of refresh on 401). */
    @Transactional
    public int expireAccessTokens(UUID tenantId) {
        return OAuthTokenEntity.update("expiresAt = ?1 where kind = ?2 and expiresAt > ?1 and grantId in"
                        + " (select c.grantId from OAuthConnectionEntity c where c.tenantId = ?3)",
                Instant.now().minusSeconds(1), OAuthTokenEntity.ACCESS, tenantId);
    }

    /**
     * Revokes every grant that reaches the practice, as a user who removes the app in Xero (or an expired refresh
     * token, after 60 days unused) does: the tokens stop working and a refresh is answered {@code invalid_grant}.
     */
    @Transactional
    public int revokeGrants(UUID tenantId) {
        List<UUID> grants = OAuthConnectionEntity.<OAuthConnectionEntity>list("tenantId", tenantId).stream()
                .map(c -> c.grantId).distinct().toList();
        for (UUID grantId : grants) {
            OAuthGrantEntity grant = OAuthGrantEntity.findById(grantId);
            if (grant != null) {
                grant.revoked = true;
            }
            OAuthTokenEntity.update("revoked = true where grantId = ?1", grantId);
            OAuthConnectionEntity.delete("grantId", grantId);
        }
        return grants.size();
    }

    private Tokens issueTokens(OAuthGrantEntity grant) {
        OAuthTokenEntity access = new OAuthTokenEntity();
        access.token = jwt(grant);
        access.grantId = grant.grantId;
        access.kind = OAuthTokenEntity.ACCESS;
        access.expiresAt = Instant.now().plus(accessTokenLifetime);
        access.persist();
        OAuthTokenEntity refresh = new OAuthTokenEntity();
        refresh.token = randomToken();
        refresh.grantId = grant.grantId;
        refresh.kind = OAuthTokenEntity.REFRESH;
        refresh.persist();
        return new Tokens(access.token, refresh.token, accessTokenLifetime.toSeconds(), grant.scope);
    }

    /**
     * An access token shaped as Xero's: a JWT whose claims carry {@code authentication_event_id} (the consent),
     * {@code xero_userid}, {@code client_id}, {@code scope} and {@code exp}; signed (HS256) with a key of the sandbox's
     * own, and valid only as long as the sandbox has it on record.
     */
    private String jwt(OAuthGrantEntity grant) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Instant now = Instant.now();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = "{\"nbf\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(accessTokenLifetime).getEpochSecond()
                + ",\"iss\":\"https://identity.xero.com\",\"aud\":\"https://identity.xero.com/resources\""
                + ",\"client_id\":\"" + grant.clientId + "\",\"xero_userid\":\""
                + UUID.nameUUIDFromBytes(grant.userEmail.getBytes(StandardCharsets.UTF_8))
                + "\",\"authentication_event_id\":\"" + grant.grantId + "\",\"jti\":\"" + randomToken() + "\"}";
        String unsigned = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return unsigned + "." + b64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void authenticateApp(String requestedClientId, String secret) {
        if (!clientId.equals(requestedClientId) || !clientSecret.equals(secret)) {
            throw new IdentityException(401, "invalid_client", "client authentication failed");
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
