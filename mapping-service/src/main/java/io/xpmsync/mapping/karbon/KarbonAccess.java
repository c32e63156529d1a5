package io.xpmsync.mapping.karbon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.mapping.config.MappingConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A firm's Karbon API client. The credentials have one owner, matching-service; they are fetched from its internal
 * API and reused for a while ({@code MAPPING_KARBON_CREDENTIALS_TTL}). Every call spends the firm's shared Karbon
 * allowance ({@link KarbonBudget}); a 429 is not waited out but fails the call, so the firm's work is postponed.
 */
@ApplicationScoped
public class KarbonAccess {

    private record Cached(KarbonClient client, Instant until) {
    }

    private final MappingConfig config;
    private final KarbonBudget budget;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    KarbonAccess(MappingConfig config, KarbonBudget budget) {
        this.config = config;
        this.budget = budget;
    }

    public KarbonClient client(String firmId) {
        Cached cached = clients.get(firmId);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.client();
        }
        JsonNode credentials = fetch(firmId);
        KarbonClient client = new KarbonClient(KarbonClientConfig.of(URI.create(credentials.path("baseUrl").asText()),
                        credentials.path("applicationId").asText(), credentials.path("accessKey").asText())
                .withGate(budget.gate(firmId)).withMaxRetryAfter(Duration.ZERO));
        clients.put(firmId, new Cached(client, Instant.now().plus(config.karbon().credentialsTtl())));
        return client;
    }

    private JsonNode fetch(String firmId) {
        URI uri = URI.create(config.karbon().credentialsUrl().replaceAll("/+$", "") + "/internal/firms/" + firmId
                + "/karbon-connection");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                throw new KarbonClientException(404, "NoKarbonConnection", "firm " + firmId
                        + " has no Karbon connection registered (matching-service PUT /firms/{id}/karbon-connection)",
                        null);
            }
            if (response.statusCode() != 200) {
                throw new KarbonClientException(503, "CredentialsUnavailable", "matching-service answered "
                        + response.statusCode() + " for firm " + firmId + "'s Karbon credentials", null);
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new KarbonClientException(503, "CredentialsUnavailable", "matching-service could not be reached for"
                    + " firm " + firmId + "'s Karbon credentials: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KarbonClientException(503, "Interrupted", "interrupted", e);
        }
    }
}
