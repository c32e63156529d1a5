package io.xpmsync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample firm of the local run: a Karbon firm in karbon-sandbox and an XPM practice in xpm-sandbox, both generated
 * by sample-data from one seed so that they overlap with exact, partial (name only, email only) and new cases, and the
 * firm's Karbon connection given to matching-service. XPM is not connected: that is the first step of the walkthrough.
 * Seeded once; {@code seeded.json} in the data folder records it, so a restart keeps what the user did.
 */
public record SampleFirm(String firmId, String tenantId, String xpmEmail, String xpmPassword, String country) {

    public static final String FIRM_ID = "demo-firm";
    public static final long SEED = 2026;
    public static final int CLIENTS = 300;
    /** The firm's administrator and its read-only person in the local identity provider (the realm file's). */
    public static final String USER = "demo";
    public static final String VIEWER = "demo-viewer";
    public static final String USER_PASSWORD = "demo";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The sample firm recorded in {@code dataDir}, or seeded now through the sandboxes' admin APIs. */
    public static SampleFirm ensure(Path dataDir, Map<String, String> urls, String keycloakUrl) {
        Path marker = dataDir.resolve("seeded.json");
        try {
            if (Files.isRegularFile(marker)) {
                return JSON.readValue(marker.toFile(), SampleFirm.class);
            }
            SampleFirm firm = seed(urls, LocalKeycloak.passwordToken(keycloakUrl, USER, USER_PASSWORD));
            Files.createDirectories(dataDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(marker.toFile(), firm);
            return firm;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the sample firm in " + marker, e);
        }
    }

    private static SampleFirm seed(Map<String, String> urls, String token) {
        String karbon = urls.get("karbon-sandbox");
        String xpm = urls.get("xpm-sandbox");
        JsonNode credentials = post(karbon + "/admin/firms", Map.of("firmId", FIRM_ID, "name", "Demo Accounting",
                "country", "NZ", "contactTypes", List.of("Client", "Prospect", "Supplier")));
        post(karbon + "/admin/firms/" + FIRM_ID + "/generate", Map.of("seed", SEED, "clients", CLIENTS));
        String email = "owner@demo-practice.example";
        String password = "demo";
        String tenant = post(xpm + "/admin/practices", Map.of("name", "Demo Practice", "ownerEmail", email,
                "ownerPassword", password, "ownerName", "Demo Owner")).path("tenantId").asText();
        post(xpm + "/admin/practices/" + tenant + "/generate", Map.of("seed", SEED, "clients", CLIENTS));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("baseUrl", karbon);
        connection.put("applicationId", credentials.path("applicationId").asText());
        connection.put("accessKey", credentials.path("accessKey").asText());
        // as the firm's administrator: the services take nobody else's word
        send("PUT", urls.get("matching-service") + "/firms/" + FIRM_ID + "/karbon-connection", connection, token);
        return new SampleFirm(FIRM_ID, tenant, email, password, "NZ");
    }

    private static JsonNode post(String url, Object body) {
        return send("POST", url, body, null);
    }

    private static JsonNode send(String method, String url, Object body, String token) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            HttpRequest request = builder.build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("seeding the sample firm: " + method + " " + url + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("seeding the sample firm: " + method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the sample firm", e);
        }
    }
}
