package io.xpmsync.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * This service's own access token (the client-credentials grant of quarkus-oidc-client, role {@code service}), for
 * calling another service's internal API; fetched when first needed and again shortly before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration EARLY = Duration.ofSeconds(30);

    /** The named client of {@code quarkus.oidc-client.xpm-sync.*} (see service-security's defaults). */
    static final String CLIENT = "xpm-sync";

    private final OidcClients clients;
    private Tokens tokens;

    protected ServiceTokens(OidcClients clients) {
        this.clients = clients;
    }

    /** {@code Bearer <token>}, for an {@code Authorization} header. */
    public synchronized String authorization() {
        if (tokens == null || expiresSoon(tokens)) {
            OidcClient client = clients.getClient(CLIENT);
            tokens = client.getTokens().await().atMost(Duration.ofSeconds(15));
        }
        return "Bearer " + tokens.getAccessToken();
    }

    private static boolean expiresSoon(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return expiresAt == null || Instant.ofEpochSecond(expiresAt).minus(EARLY).isBefore(Instant.now());
    }
}
