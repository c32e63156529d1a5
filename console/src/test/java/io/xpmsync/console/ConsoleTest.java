package io.xpmsync.console;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.xpmsync.contracts.GoldenSamples;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The console on a real Kafka broker: its page, its gateway's refusals, and the live activity it reads from the match,
 * mapping and push topics (the screens themselves are walked in a real browser by system-tests' ConsoleBrowserTest).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @TestHTTPResource("/")
    URL root;

    @Test
    void servesThePageAndTheSignedInPersonsFirms() {
        String person = TestTokens.person(List.of("firm-b", "firm-a"), "firm-reader");
        RestAssured.given().auth().oauth2(person).get("/").then().statusCode(200)
                .body(containsString("xpm-sync console")).body(containsString("Resolve Partial Matches"));
        RestAssured.get("/console.js").then().statusCode(200);
        RestAssured.given().auth().oauth2(person).get("/api/console").then().statusCode(200)
                .body("firms", org.hamcrest.Matchers.contains("firm-b", "firm-a"))
                .body("defaultFirm", org.hamcrest.Matchers.is("firm-b"))
                .body("mayChange", org.hamcrest.Matchers.is(false));
        // nobody signed in: the page's own requests are told so (499), a browser is sent to the sign-in page (people
        // sign in through the identity provider's own page in system-tests' browser test)
        RestAssured.given().header("X-Requested-With", "JavaScript").get("/api/console").then().statusCode(499);
        RestAssured.given().redirects().follow(false).get("/").then().statusCode(302)
                .header("Location", containsString(io.xpmsync.infra.testing.TestTokens.issuer() + "/auth"));
    }

    @Test
    void aPersonSeesOnlyTheirOwnFirms() {
        String ofA = TestTokens.person(List.of("firm-a"), "firm-admin");
        RestAssured.given().auth().oauth2(ofA).get("/api/firms/firm-b/activity").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("no access to the firm 'firm-b'"));
        RestAssured.given().auth().oauth2(ofA).header("Accept", "text/event-stream")
                .get("/api/firms/firm-b/activity/stream").then().statusCode(403);
        RestAssured.given().auth().oauth2(ofA).get("/api/firms/firm-a/activity").then().statusCode(200);
    }

    @Test
    void theGatewayPassesOnlyFirmPathsOfKnownParts() {
        RestAssured.get("/api/nothing/firms/f1/mappings").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No part named 'nothing'"));
        RestAssured.get("/api/connector/internal/firms/f1/xpm-access").then().statusCode(404);
        RestAssured.given().urlEncodingEnabled(false).get("/api/connector/firms/f1/x%20y").then()
                .statusCode(400).contentType("application/problem+json");
        // Nothing listens on the configured push-service address in this test (see the test profile).
        RestAssured.get("/api/push/firms/f1/push-status").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("not reachable"));
        RestAssured.get("/api/firms/" + "x".repeat(101) + "/activity").then().statusCode(400);
    }

    @Test
    void theGatewayTakesNoBodyLongerThanTheServicesDoAndSaysSo() {
        RestAssured.given().header("X-Requested-By", "xpm-sync-console").contentType("application/json")
                .body("{\"scope\": \"" + "x".repeat(300 * 1024) + "\"}").put("/api/connector/firms/f1/sync-settings")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 262144 bytes"));
    }

    @Test
    void matchMappingAndPushEventsStreamToDashboardsAndUnreadableRecordsAreSkipped() throws Exception {
        KafkaTestClient client = new KafkaTestClient(kafka);
        String firm = "firm-acme-au";
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<java.io.InputStream>> stream = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(root.toString()).resolve("/api/firms/" + firm + "/activity/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestTokens.person(List.of(firm), "firm-reader")).build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<String> firstData = stream.thenApplyAsync(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        return line.substring(5);
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        // The console reads from the latest offset: send until its consumer has joined and shows one.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            client.send(Topics.MATCHES_PROPOSED, firm, "{ not json");
            client.send(Topics.MATCHES_PROPOSED, firm, withNewId(GoldenSamples.one(EventType.MATCH_PROPOSED,
                    "partial-name-only.json")));
            return !RestAssured.get("/api/firms/" + firm + "/activity").jsonPath().getList("$").isEmpty();
        });
        client.send(Topics.MAPPINGS_CONFIRMED, firm, withNewId(GoldenSamples.one(EventType.MAPPING_CONFIRMED,
                "active-exact.json")));
        client.send(Topics.PUSHES_COMPLETED, firm, withNewId(GoldenSamples.one(EventType.CONTACT_PUSHED,
                "created.json")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RestAssured
                .get("/api/firms/" + firm + "/activity").jsonPath().<String>getList("kind"))
                .contains("match", "mapping", "push"));
        List<Map<String, Object>> recent = RestAssured.get("/api/firms/" + firm + "/activity").jsonPath().getList("$");
        assertThat(recent).filteredOn(a -> "match".equals(a.get("kind"))).first().satisfies(a -> {
            assertThat(a.get("outcome")).isEqualTo("PARTIAL");
            assertThat((String) a.get("summary")).contains("Harbour View Holdings Pty Ltd");
        });
        assertThat(recent).filteredOn(a -> "push".equals(a.get("kind"))).first()
                .satisfies(a -> assertThat(a.get("outcome")).isEqualTo("CREATED"));
        assertThat(RestAssured.get("/api/firms/firm-other/activity").jsonPath().getList("$")).isEmpty();
        // a dashboard of one firm is never sent another firm's activity
        RestAssured.given().auth().oauth2(TestTokens.person(List.of("firm-other"), "firm-reader"))
                .get("/api/firms/" + firm + "/activity").then().statusCode(403);

        String data = firstData.get(30, TimeUnit.SECONDS);
        assertThat(data).contains("\"firmId\":\"" + firm + "\"");
    }

    static String withNewId(String sample) {
        return sample.replaceFirst("\"eventId\": \"[^\"]+\"", "\"eventId\": \"" + UUID.randomUUID() + "\"");
    }
}
