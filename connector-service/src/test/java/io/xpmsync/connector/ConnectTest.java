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
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.TestTokens;
import io.xpmsync.messaging.SecretBox;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Inject
    io.xpmsync.connector.connection.ResealedTokens resealed;

    @ConfigProperty(name = "connector.secret-key")
    String secretKey;

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
        String access = secrets.open(stored.accessTokenSealed, practice.firmId);
        assertThat(stored.accessTokenSealed).doesNotContain(access).startsWith("v2." + secrets.currentKeyId() + ".");
        // sealed for this firm: the same value does not open as another firm's
        assertThatThrownBy(() -> secrets.open(stored.accessTokenSealed, "another-firm"))
                .isInstanceOf(IllegalStateException.class);

        SyncSettingsChanged published = CODEC.decode(new KafkaTestClient(kafka).awaitRecord(Topics.SETTINGS,
                r -> practice.firmId.equals(r.key()), Duration.ofSeconds(30)).value(), SyncSettingsChanged.class);
        assertThat(published.settings().xpmConnected()).isTrue();
        assertThat(published.settings().conflictPolicy()).isEqualTo(ConflictPolicy.ASK);

        RestAssured.get("/internal/firms/" + practice.firmId + "/xpm-access").then().statusCode(200)
                .body("accessToken", equalTo(access)).body("tenantId", equalTo(practice.tenantId));
        // the firm's XPM tokens are push-service's alone: another service's token is refused, for any method
        RestAssured.given().auth().oauth2(TestTokens.service("mapping-service"))
                .get("/internal/firms/" + practice.firmId + "/xpm-access").then().statusCode(403)
                .body("detail", equalTo("Only push-service may call connector-service's XPM access tokens,"
                        + " not 'mapping-service'"));
        RestAssured.given().noFilters().options("/internal/firms/" + practice.firmId + "/xpm-access").then()
                .statusCode(401);
        RestAssured.given().noFilters().options("/firms/" + practice.firmId + "/xpm-connection").then()
                .statusCode(401);
    }

    @Test
    void tokensSealedTheFirstWayAreSealedAgainBoundToTheirFirm() throws Exception {
        XpmPractice practice = XpmPractice.create("Old Seal Ltd").connect("NZ");
        XpmConnectionEntity stored = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        String refresh = secrets.open(stored.refreshTokenSealed, practice.firmId);
        // as sealed before key ids and firm binding: nonce and ciphertext only
        byte[] nonce = new byte[12];
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder().decode(secretKey), "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        byte[] body = cipher.doFinal(refresh.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String firstWay = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(12 + body.length)
                .put(nonce).put(body).array());
        QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("refreshTokenSealed = ?1 where firmId = ?2",
                firstWay, practice.firmId));

        assertThat(resealed.reseal()).isGreaterThanOrEqualTo(1);

        XpmConnectionEntity after = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        assertThat(after.refreshTokenSealed).startsWith("v2." + secrets.currentKeyId() + ".");
        assertThat(secrets.open(after.refreshTokenSealed, practice.firmId)).isEqualTo(refresh);
        assertThat(resealed.reseal()).as("nothing left to seal again").isZero();
    }

    @Test
    void anExpiredTokenIsRefreshedHereAndTheOldRefreshTokenStopsWorking() {
        XpmPractice practice = XpmPractice.create("Rotation Partners").connect("AU");
        String oldRefresh = secrets.open(QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.<XpmConnectionEntity>findById(practice.firmId)).refreshTokenSealed,
                practice.firmId);

        practice.expireTokens();
        Map<String, Object> run = practice.syncNow();

        assertThat(run.get("phase")).isEqualTo("COMPLETED");
        assertThat(practice.calls()).extracting(c -> c.get("status")).containsExactly(401, 200);
        XpmConnectionEntity after = QuarkusTransaction.requiringNew()
                .call(() -> XpmConnectionEntity.findById(practice.firmId));
        assertThat(secrets.open(after.refreshTokenSealed, practice.firmId)).isNotEqualTo(oldRefresh);
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
        // back to the console or this site only: Connect never sends a person's browser elsewhere
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ", "returnTo",
                "https://collector.example/steal")).post("/firms/firm-nz/xpm-connection").then().statusCode(400)
                .body("field", equalTo("returnTo"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ", "returnTo",
                "//collector.example/steal")).post("/firms/firm-nz/xpm-connection").then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ", "returnTo",
                "http://127.0.0.1:8080/?firm=firm-nz#/connected-apps")).post("/firms/firm-nz/xpm-connection").then()
                .statusCode(200);
    }

    @Test
    void anAuthorizeLinkOpenedInAnotherBrowserConnectsNothing() {
        // a firm's administrator starts Connect and sends the link to someone who owns a practice: their browser
        // has no Connect cookie of this firm's, so nothing is connected
        XpmPractice practice = XpmPractice.create("Phished Practice");
        String callback = practice.signIn("NZ");
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(callback).then().statusCode(400)
                .body("detail", containsString("not started in this browser"));
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).cookie(XpmPractice.BINDING, "other")
                .get(callback).then().statusCode(400);
        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().body("connected", equalTo(false));
    }

    @Test
    void connectUsesPkceSoACodeOfAnotherAuthorizationRequestIsNotTaken() {
        XpmPractice practice = XpmPractice.create("Injected Code Ltd");
        String authorize = RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ"))
                .post("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(200).extract()
                .path("authorizeUrl");
        assertThat(authorize).contains("code_challenge_method=S256").containsPattern("code_challenge=[A-Za-z0-9_-]{43}&");

        // a code Xero issued for a request without this Connect's challenge (one an attacker started, say) is
        // refused by Xero when connector-service sends its verifier, and nothing is connected
        String callback = practice.signIn("NZ", true);
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).cookie(XpmPractice.BINDING,
                practice.binding).get(callback).then().statusCode(502)
                .body("detail", containsString("Xero did not accept the authorization code"));
        RestAssured.get("/firms/" + practice.firmId + "/xpm-connection").then().body("connected", equalTo(false));
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
                .call(() -> XpmConnectionEntity.<XpmConnectionEntity>findById(practice.firmId)).accessTokenSealed,
                practice.firmId);

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

    @Test
    void disconnectAndForgetDeletesTheFirmHereTellsEveryServiceAndTheFirmMayComeBack() throws Exception {
        XpmPractice practice = XpmPractice.create("Forgetful Ltd").connect("NZ");
        practice.settings("CLIENTS_ONLY", "Client", List.of("Client"));
        Map<String, Object> run = practice.syncNow();
        assertThat(run.get("phase")).isEqualTo("COMPLETED");

        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection?forget=true").then().statusCode(204);

        assertThat(count("SELECT count(*) FROM sync_run WHERE firm_id = ?1", practice.firmId)).isZero();
        assertThat(count("SELECT count(*) FROM sync_settings WHERE firm_id = ?1", practice.firmId)).isZero();
        assertThat(count("SELECT count(*) FROM xpm_seen WHERE firm_id = ?1", practice.firmId)).isZero();
        assertThat(count("SELECT count(*) FROM forgotten_firm WHERE firm_id = ?1", practice.firmId)).isOne();
        assertThat(RestAssured.get("/firms/" + practice.firmId + "/sync-runs").jsonPath().getList("$")).isEmpty();
        // the last word on the compacted settings topic: forgotten
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(new KafkaTestClient(kafka)
                .readAll(Topics.SETTINGS, Duration.ofMillis(500)).stream()
                .filter(r -> practice.firmId.equals(r.key()))
                .map(r -> CODEC.decode(r.value(), SyncSettingsChanged.class)).toList())
                .last().satisfies(last -> {
                    assertThat(last.forgetsFirm()).isTrue();
                    assertThat(last.settings().xpmConnected()).isFalse();
                }));
        // forgetting a firm already forgotten (or disconnected before) is allowed
        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection?forget=true").then().statusCode(204);

        // connecting again brings the firm back
        practice.connect("NZ");
        assertThat(count("SELECT count(*) FROM forgotten_firm WHERE firm_id = ?1", practice.firmId)).isZero();
        assertThat(practice.syncNow().get("phase")).isEqualTo("COMPLETED");
    }

    @Test
    void theFirmsConflictPolicyTravelsWithConnectAndDisconnectAndForgettingTheFirmForgetsIt() {
        XpmPractice practice = XpmPractice.create("Karbon First Ltd");
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("scope", "CLIENTS_ONLY", "newContactType",
                        "Client", "conflictPolicy", "KARBON_WINS"))
                .put("/firms/" + practice.firmId + "/sync-settings").then().statusCode(200);
        practice.connect("NZ");
        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection").then().statusCode(204);
        // forgetting deletes the firm's events not yet relayed: the disconnect's is awaited on the topic first
        await().atMost(Duration.ofSeconds(30)).until(() -> new KafkaTestClient(kafka)
                .readAll(Topics.SETTINGS, Duration.ofMillis(500)).stream()
                .filter(r -> practice.firmId.equals(r.key())).count() == 3);
        RestAssured.delete("/firms/" + practice.firmId + "/xpm-connection?forget=true").then().statusCode(204);

        // saved, connected, disconnected: the firm's policy each time; forgotten: the default, a person decides
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(new KafkaTestClient(kafka)
                .readAll(Topics.SETTINGS, Duration.ofMillis(500)).stream()
                .filter(r -> practice.firmId.equals(r.key()))
                .map(r -> CODEC.decode(r.value(), SyncSettingsChanged.class))
                .map(e -> e.settings().xpmConnected() + " " + e.settings().conflictPolicy() + " " + e.forgetsFirm()))
                .containsExactly("false KARBON_WINS false", "true KARBON_WINS false", "false KARBON_WINS false",
                        "false ASK true"));
        RestAssured.get("/firms/" + practice.firmId + "/sync-settings").then().statusCode(200)
                .body("conflictPolicy", equalTo("ASK"));
    }

    private static long count(String sql, String firmId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) XpmConnectionEntity.getEntityManager()
                .createNativeQuery(sql).setParameter(1, firmId).getSingleResult()).longValue());
    }
}
