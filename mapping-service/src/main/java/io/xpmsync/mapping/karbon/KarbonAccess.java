package io.xpmsync.mapping.karbon;

import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.mapping.config.MappingConfig;
import io.xpmsync.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A firm's Karbon API client. The firm's Karbon credentials have one owner, matching-service, and never leave it:
 * calls go through its internal Karbon proxy ({@code /internal/karbon/{firmId}/v3/...}), which adds them. Every call
 * spends the firm's shared Karbon allowance ({@link KarbonBudget}); a 429 is not waited out but fails the call, so the
 * firm's work is postponed. The proxy is called with mapping-service's own access token (role {@code service}). A firm without a Karbon connection is answered 412 {@code NoKarbonConnection}.
 */
@ApplicationScoped
public class KarbonAccess {

    /** Sent to the proxy, which replaces them with the firm's own; no credential is known here. */
    private static final String NONE = "-";

    private final MappingConfig config;
    private final KarbonBudget budget;
    private final ServiceTokens tokens;
    private final Map<String, KarbonClient> clients = new ConcurrentHashMap<>();

    KarbonAccess(MappingConfig config, KarbonBudget budget, ServiceTokens tokens) {
        this.config = config;
        this.budget = budget;
        this.tokens = tokens;
    }

    public KarbonClient client(String firmId) {
        return clients.computeIfAbsent(firmId, firm -> new KarbonClient(KarbonClientConfig.of(URI.create(
                        config.karbon().matchingUrl().replaceAll("/+$", "") + "/internal/karbon/"
                                + URLEncoder.encode(firm, StandardCharsets.UTF_8)), NONE, NONE)
                .withGate(budget.gate(firm)).withMaxRetryAfter(Duration.ZERO)
                // the proxy takes mapping-service's own token; Karbon's credentials are added there
                .withBearer(() -> tokens.authorization().substring("Bearer ".length()))));
    }
}
