package io.xpmsync.push.xpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.client.xpm.XpmAccess;
import io.xpmsync.client.xpm.XpmTokenSource;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.push.config.PushConfig;
import io.xpmsync.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * XPM access tokens from connector-service, their one refresher (refresh tokens rotate). A token is reused until a
 * minute before it expires; a 401 from XPM is reported back, and connector-service answers a newer token. Asked for
 * with push-service's own access token (role {@code service}); connector-service refuses people's tokens there.
 */
@ApplicationScoped
public class ConnectorTokens implements XpmTokenSource {

    private record Held(XpmAccess access, Instant expiresAt) {
    }

    private final PushConfig config;
    private final ServiceTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    ConnectorTokens(PushConfig config, ServiceTokens tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    @Override
    public XpmAccess current(String firmId) {
        Held h = held.get(firmId);
        if (h != null && h.expiresAt().isAfter(Instant.now().plusSeconds(60))) {
            return h.access();
        }
        return remember(firmId, call(HttpRequest.newBuilder(uri(firmId, "")).GET()));
    }

    @Override
    public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
        return remember(firmId, call(HttpRequest.newBuilder(uri(firmId, "/rejected"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode()
                        .put("accessToken", rejected.accessToken()).toString()))));
    }

    private XpmAccess remember(String firmId, JsonNode body) {
        XpmAccess access = new XpmAccess(body.path("accessToken").asText(), body.path("tenantId").asText());
        Instant expires = body.hasNonNull("expiresAt") ? Instant.parse(body.get("expiresAt").asText())
                : Instant.now().plusSeconds(60);
        held.put(firmId, new Held(access, expires));
        return access;
    }

    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30))
                            .header("Authorization", tokens.authorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                throw new XpmException(401, false, "the firm is not connected to Xero Practice Manager", null);
            }
            if (response.statusCode() != 200) {
                throw new XpmException(503, true, "connector-service answered " + response.statusCode()
                        + " for an XPM access token", null);
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new XpmException(503, true, "connector-service could not be reached for an XPM access token: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpmException(0, true, "interrupted", e);
        }
    }

    private URI uri(String firmId, String suffix) {
        return URI.create(config.connectorUrl().replaceAll("/+$", "") + "/internal/firms/" + URLEncoder.encode(firmId, StandardCharsets.UTF_8) + "/xpm-access"
                + suffix);
    }
}
