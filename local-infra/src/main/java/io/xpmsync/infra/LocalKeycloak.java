package io.xpmsync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenID Connect provider for the local run and the system tests: Keycloak's distribution (unpacked by
 * local-infra's build into {@code local-infra/target/keycloak}) in development mode on 127.0.0.1, its data in memory,
 * with the realm {@value #REALM} imported from this project's realm file on every start (the sample firm's people,
 * the console and the services as clients; see docs/architecture.md, "Security"). A deployment points the services at
 * its own provider instead ({@code XPMSYNC_OIDC_URL}).
 */
public final class LocalKeycloak {

    public static final String VERSION = "26.5.5";
    public static final String REALM = "xpm-sync";
    /** The client for scripted tokens (password grant), as the README's curl line uses it. */
    public static final String CLI_CLIENT = "xpm-sync-cli";
    /** The local provider's own administrator (its master realm), for adding people in tests. */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin";
    /** The secrets of the realm file's confidential clients: local run and tests only. */
    public static final Map<String, String> CLIENT_SECRETS = Map.of("xpm-sync-console", "console-local-secret",
            "push-service", "push-service-local-secret", "mapping-service", "mapping-service-local-secret");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalKeycloak() {
    }

    /**
     * Starts Keycloak on {@code port}; wait for it with {@link ServiceProcess#awaitReady}. The realm's console client
     * takes people back to the console on {@code consolePort} of this machine only (its exact redirect URI, filled in
     * by Keycloak from {@code XPMSYNC_CONSOLE_PORT} when it imports the realm file).
     */
    public static ServiceProcess start(Path root, int port, int consolePort, Path logDir) {
        Path dist = root.resolve("local-infra/target/keycloak/keycloak-" + VERSION);
        if (!Files.isRegularFile(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(dist + " does not exist: build the project first (./mvnw package "
                    + "-DskipTests), which unpacks Keycloak's distribution there");
        }
        try (InputStream realm = LocalKeycloak.class.getResourceAsStream("/keycloak/xpm-sync-realm.json")) {
            Path imports = Files.createDirectories(dist.resolve("data/import"));
            Files.copy(realm, imports.resolve("xpm-sync-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the realm file into " + dist, e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("XPMSYNC_CONSOLE_PORT", String.valueOf(consolePort));
        List<String> command = List.of("/bin/sh", dist.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem", "--import-realm",
                "--health-enabled=false", "--metrics-enabled=false");
        // its realm's discovery document on its one port says it is ready (its health endpoints are off)
        return ServiceProcess.startCommand("keycloak", "keycloak", command, dist, env, port, port,
                "/realms/" + REALM + "/.well-known/openid-configuration", logDir);
    }

    /** The realm's issuer on {@code baseUrl}: what the services are given as {@code XPMSYNC_OIDC_URL}. */
    public static String issuer(String baseUrl) {
        return baseUrl + "/realms/" + REALM;
    }

    /** An access token of a person of the realm (password grant of {@value #CLI_CLIENT}). */
    public static String passwordToken(String baseUrl, String username, String password) {
        return token(issuer(baseUrl), Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username",
                username, "password", password)).path("access_token").asText();
    }

    /** An access token of one of the realm file's service clients (client-credentials grant). */
    public static String serviceToken(String baseUrl, String clientId) {
        return token(issuer(baseUrl), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", CLIENT_SECRETS.get(clientId))).path("access_token").asText();
    }

    /**
     * Adds a person to the realm who may work on {@code firms}, in {@code group} ({@code firm-admins},
     * {@code firm-readers} or {@code operators}), with a password, as a firm's administrator would in the provider.
     */
    public static void addPerson(String baseUrl, String username, String password, List<String> firms, String group) {
        String admin = token(baseUrl + "/realms/master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", ADMIN, "password", ADMIN_PASSWORD)).path("access_token").asText();
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("username", username);
        person.put("enabled", true);
        person.put("email", username + "@people.example");
        person.put("emailVerified", true);
        person.put("firstName", username);
        person.put("lastName", "Test");
        person.put("attributes", Map.of("firms", firms));
        person.put("groups", List.of("/" + group));
        person.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/"
                            + REALM + "/users")).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(person))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201 && answer.statusCode() != 409) {
                throw new IllegalStateException("Keycloak refused the person " + username + ": "
                        + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode token(String issuer, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(issuer
                            + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Keycloak gave no token for " + form.getOrDefault("username",
                        form.get("client_id")) + ": " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak at " + issuer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
