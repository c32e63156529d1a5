package io.xpmsync.connector;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.messaging.SecretBox;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Settings → Connected Apps against the XPM sandbox over HTTP: Connect through the authorize page, the tenant chosen,
 * tokens sealed, refresh with rotation, the region rule, Disconnect.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConnectTest {

    private static final EventCodec CODEC = new EventCodec();

    @Inject
    SecretBox secrets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void connectGoesThroughXerosSignInAndKeepsTheTokensSealed() {
        XpmPractice practice = XpmPractice.create("Harbour Accountants").connect("NZ");

        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(200)
                .body("connected", equalTo(true))
                .body("tenantId", equalTo(practice.tenantId))
                .body("tenantName", equalTo("Harbour Accountants"))
                .body("country", equalTo("NZ"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("accessToken")));
        XpmConnectionEntity stored = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        String access = secrets.open(stored.accessTokenSealed);
        assertThat(stored.accessTokenSealed).doesNotContain(access);

        SyncSettingsChanged published = CODEC.decode(new KafkaTestClient(kafka).awaitRecord(Topics.SETTINGS,
                r -> practice.firmId.equals(r.key()), Duration.ofSeconds(30)).value(), SyncSettingsChanged.class);
        assertThat(published.settings().xpmConnected()).isTrue();

        RestAssured.get("/internal/firms/" + practice.firmId + "/xpm-access").then().statusCode(200)
                .body("accessToken", equalTo(access)).body("tenantId", equalTo(practice.tenantId));
    }

    @Test
    void anExpiredTokenIsRefreshedHereAndTheOldRefreshTokenStopsWorking() {
        XpmPractice practice = XpmPractice.create("Rotation Partners").connect("AU");
        String oldRefresh = secrets.open(QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.<XpmConnectionEntity>findById(practice.firmId)).refreshTokenSealed);

        practice.expireTokens();
        Map<String, Object> run = practice.syncNow();

        assertThat(run.get("phase")).isEqualTo("COMPLETED");
        assertThat(practice.calls()).extracting(c -> c.get("status")).containsExactly(401, 200);
        XpmConnectionEntity after = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        assertThat(secrets.open(after.refreshTokenSealed)).isNotEqualTo(oldRefresh);
        assertThat(after.refreshedAt).isNotNull();
        XpmPractice.sandbox().auth().preemptive().basic("xpm-sync-local", "xpm-sync-local-secret")
                .formParams(Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh))
                .post("/connect/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aConnectionXeroNoLongerAcceptsSaysReconnectNeededUntilTheUserConnectsAgain() {
        XpmPractice practice = XpmPractice.create("Revoked Partners").connect("NZ");
        practice.revokeGrants();

        Map<String, Object> run = practice.syncNow();
        assertThat(run.get("phase")).isEqualTo("FAILED");
        assertThat(String.valueOf(run.get("error"))).startsWith("Reconnect needed");
        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(200)
                .body("connected", equalTo(true)).body("reconnectNeeded", equalTo(true))
                .body("reconnectReason", containsString("Revoked Partners"))
                .body("reconnectReason", containsString("Connect to Xero Practice Manager again"));
        RestAssured.post("/firms/" + practice.firmId + "/sync-runs").then().statusCode(409)
                .body("detail", containsString("Reconnect needed"));
        RestAssured.get("/internal/firms/" + practice.firmId + "/xpm-access").then().statusCode(401);

        practice.connect("NZ");
        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(200)
                .body("reconnectNeeded", equalTo(false));
        assertThat(practice.syncNow().get("phase")).isEqualTo("COMPLETED");
    }

    @Test
    void theFirmIsConnectedToThePracticeOfItsOwnConsentAndAnOwnerOfSeveralChooses() {
        XpmPractice first = XpmPractice.create("Harbour North");
        XpmPractice second = first.another("Harbour South");
        XpmPractice third = first.another("Harbour East");

        // one user, consents for two firms one after another: each firm gets the practice of its own consent,
        // although Xero's plain /connections lists the user's first practice first
        assertThat(first.connectChoosing("NZ", List.of(first.tenantId))).contains("xpm=connected");
        assertThat(second.connectChoosing("NZ", List.of(second.tenantId))).contains("xpm=connected");
        RestAssured.get("/firms/" + first.firmId + "/xpm-connection").then().body("tenantId", equalTo(first.tenantId))
                .body("tenantName", equalTo("Harbour North"));
        RestAssured.get("/firms/" + second.firmId + "/xpm-connection").then()
                .body("tenantId", equalTo(second.tenantId)).body("tenantName", equalTo("Harbour South"));

        // a consent that reaches two practices: the user chooses, in words, between them
        assertThat(third.connectChoosing("NZ", List.of(second.tenantId, third.tenantId))).contains("xpm=choose");
        RestAssured.get("/firms/" + third.firmId + "/xpm-connection").then().body("connected", equalTo(false))
                .body("practiceChoices.tenantName", org.hamcrest.Matchers.containsInAnyOrder("Harbour South",
                        "Harbour East"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("tenantId", first.tenantId))
                .post("/firms/" + third.firmId + "/xpm-connection/practice").then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("tenantId", third.tenantId))
                .post("/firms/" + third.firmId + "/xpm-connection/practice").then().statusCode(200)
                .body("connected", equalTo(true)).body("tenantName", equalTo("Harbour East"))
                .body("practiceChoices", org.hamcrest.Matchers.empty());
        assertThat(third.syncNow().get("phase")).isEqualTo("COMPLETED");
    }

    @Test
    void firmsOutsideTheSixCountriesAreRefusedInWords() {
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "DE"))
                .post("/firms/firm-de/xpm-connection").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("only available for firms in Australia, New Zealand, South Africa,"
                        + " the United Kingdom, Canada and the United States"))
                .body("field", equalTo("country"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "UK"))
                .post("/firms/firm-uk/xpm-connection").then().statusCode(200);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "Germany"))
                .post("/firms/firm-de/xpm-connection").then().statusCode(400).body("field", equalTo("country"));
        RestAssured.given().contentType(ContentType.JSON).body("{\"country\": ")
                .post("/firms/firm-de/xpm-connection").then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ"))
                .post("/firms/bad firm!/xpm-connection").then().statusCode(400).body("field", equalTo("firmId"));
    }

    @Test
    void aForgedOrReusedStateIsRefused() {
        RestAssured.given().redirects().follow(false).get("/xpm/callback?code=abc&state=forged").then().statusCode(400)
                .body("detail", containsString("start Connect again"));
        RestAssured.given().redirects().follow(false).get("/xpm/callback?error=access_denied&state=x")
                .then().statusCode(400).body(containsString("did not connect"));
    }

    @Test
    void disconnectForgetsTheTokensAndTellsXero() {
        XpmPractice practice = XpmPractice.create("Leaving Ltd").connect("CA");
        String access = secrets.open(QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.<XpmConnectionEntity>findById(practice.firmId)).accessTokenSealed);

        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(204);

        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(200)
                .body("connected", equalTo(false));
        XpmConnectionEntity gone = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        assertThat(gone).isNull();
        XpmPractice.sandbox().header("Authorization", "Bearer " + access).get("/connections").then().statusCode(401);
        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(404);
        RestAssured.post("/firms/" + practice.firmId + "/sync-runs").then().statusCode(409);
        RestAssured.get("/internal/firms/" + practice.firmId + "/xpm-access").then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(new KafkaTestClient(kafka)
                .readAll(Topics.SETTINGS, Duration.ofMillis(500)).stream()
                .filter(r -> practice.firmId.equals(r.key()))
                .map(r -> CODEC.decode(r.value(), SyncSettingsChanged.class).settings().xpmConnected()))
                .containsExactly(true, false));
    }
}
