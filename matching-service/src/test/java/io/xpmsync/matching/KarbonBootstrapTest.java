package io.xpmsync.matching;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.infra.testing.TestTokens;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.ProcessBesideTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A firm's Karbon index is bootstrapped from the Karbon API (the packaged karbon-sandbox, as its own process). The
 * sandbox's event relay is held back, so only the bootstrap can have filled the index.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonSandboxOrigin.class, scope = TestResourceScope.GLOBAL)
class KarbonBootstrapTest {

    private static ServiceProcess sandbox;
    private static final EventCodec CODEC = new EventCodec();

    @BeforeAll
    static void startSandbox() {
        sandbox = ProcessBesideTest.start("karbon-sandbox", KarbonSandboxOrigin.PORT,
                Map.of("KARBON_OUTBOX_POLL_INTERVAL", "1h"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void the_index_is_bootstrapped_from_the_karbon_api_and_used_for_matching() {
        String firm = "firm-" + UUID.randomUUID();
        JsonPath credentials = given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("firmId", firm, "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
        for (int i = 0; i < 110; i++) {
            given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                    .body(Map.of("FullName", "Organisation " + i, "BusinessCards",
                            List.of(Map.of("EmailAddresses", List.of("org" + i + "@example.com")))))
                    .post("/admin/firms/" + firm + "/organizations").then().statusCode(201);
        }
        String person = given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("FirstName", "Mia", "LastName", "Chen",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("mia@example.com")))))
                .post("/admin/firms/" + firm + "/contacts").then().statusCode(201).extract().path("key");

        given().contentType(ContentType.JSON).body(Map.of("baseUrl", sandbox.baseUrl(),
                        "applicationId", credentials.getString("applicationId"),
                        "accessKey", credentials.getString("accessKey")))
                .put("/firms/" + firm + "/karbon-connection").then().statusCode(202)
                .body("bootstrapState", equalTo("PENDING"))
                .body("accessKey", org.hamcrest.Matchers.nullValue());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/firms/" + firm + "/karbon-connection").then().statusCode(200)
                        .body("bootstrapState", equalTo("DONE")).body("indexedContacts", equalTo(111))
                        .body("summary", equalTo("Connected: 111 Karbon contacts known.")));
        given().post("/firms/" + firm + "/karbon-connection/test").then().statusCode(200)
                .body("ok", equalTo(true));

        // Other services reach the firm's Karbon through this service, which adds the credentials: they never know
        // them. Pages follow Karbon's next links back through the proxy.
        KarbonClient viaProxy = new KarbonClient(KarbonClientConfig.of(URI.create(ConfigProvider.getConfig()
                .getValue("test.url", String.class) + "/internal/karbon/" + firm), "-", "-")
                .withBearer(() -> TestTokens.service("mapping-service")));
        assertThat(viaProxy.listOrganizations(null)).hasSize(110);
        assertThat(viaProxy.getContact(person).firstName()).isEqualTo("Mia");
        given().get("/internal/karbon/no-such-firm/v3/Contacts").then().statusCode(412)
                .body("error.code", equalTo("NoKarbonConnection"));
        // The proxy stays below the firm's /v3/: a path that would step out, encoded once or twice, is refused, as is
        // one with a space (bad percent-encoding, which no HTTP client here sends: KarbonProxyPathTest); dot segments,
        // even encoded, are taken out before any resource is chosen, so nothing is served there. And the proxy is
        // mapping-service's alone, for any method.
        Map<String, String> expected = new java.util.TreeMap<>(Map.of("v3/%2e%2e/%2e%2e/admin", "404"));
        Map<String, String> answers = new java.util.TreeMap<>();
        for (String outside : List.of("v3/..%2F..%2Fadmin", "v3/..%252F..%252Fadmin", "v3/..%5C..%5Cadmin",
                "v3/Contacts/a%20b", "v3/%2e%2e/%2e%2e/admin")) {
            io.restassured.response.Response answer = given().urlEncodingEnabled(false)
                    .get("/internal/karbon/" + firm + "/" + outside);
            answers.put(outside, answer.statusCode() == 404 ? "404" : answer.statusCode() + " "
                    + answer.contentType() + " " + (answer.contentType().contains("json")
                    ? answer.jsonPath().getString("field") : answer.asString()));
            expected.putIfAbsent(outside, "400 application/problem+json path");
        }
        assertThat(answers).isEqualTo(expected);
        given().auth().oauth2(TestTokens.service("push-service")).get("/internal/karbon/" + firm + "/v3/Contacts")
                .then().statusCode(403).body("detail", equalTo("Only mapping-service may call matching-service's"
                        + " Karbon proxy, not 'push-service'"));
        given().noFilters().options("/internal/karbon/" + firm + "/v3/Contacts").then().statusCode(401);
        given().auth().oauth2(TestTokens.service("push-service")).options("/internal/karbon/" + firm + "/v3/Contacts")
                .then().statusCode(403);

        ContactChanged xpm = ContactChanged.of(firm, UUID.randomUUID(), SourceSystem.XPM, ChangeKind.CREATED,
                new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), "MIA CHEN", null, null,
                        List.of("Mia@Example.com"), List.of(), null, null, "Individual", null, List.of(), false, false,
                        null).withComputedHash());
        KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        kafka.send(Topics.XPM_CONTACTS_CHANGED, firm, CODEC.encode(xpm));
        MatchProposed proposed = CODEC.decode(kafka.awaitRecord(Topics.MATCHES_PROPOSED,
                r -> r.value().contains(xpm.eventId().toString()), Duration.ofSeconds(60)).value(), MatchProposed.class);

        assertThat(proposed.outcome()).isEqualTo(MatchOutcome.EXACT);
        assertThat(proposed.karbonRef()).isEqualTo(ContactRef.karbonPerson(person));
    }

    @Test
    void a_karbon_contact_created_just_before_the_xpm_read_is_found_though_its_event_never_came() {
        String firm = registeredFirmWithOneOrganization();
        connect(firm);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/firms/" + firm
                + "/karbon-connection").then().body("bootstrapState", equalTo("DONE")));
        // After the bootstrap; the sandbox's event relay is held back, so only the Karbon API knows of it.
        String bakery = given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("FullName", "Harbour Bakery Ltd", "BusinessCards",
                        List.of(Map.of("EmailAddresses", List.of("orders@harbour.example")))))
                .post("/admin/firms/" + firm + "/organizations").then().statusCode(201).extract().path("key");

        ContactChanged sameBakery = xpmClient(firm, "Harbour Bakery Ltd", "orders@harbour.example");
        ContactChanged unknown = xpmClient(firm, "Fresh Start Ltd", "hi@fresh.example");
        KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        kafka.send(Topics.XPM_CONTACTS_CHANGED, firm, CODEC.encode(sameBakery));
        kafka.send(Topics.XPM_CONTACTS_CHANGED, firm, CODEC.encode(unknown));

        MatchProposed exact = verdictFor(kafka, sameBakery);
        assertThat(exact.outcome()).as("not NEW: that would create the bakery in Karbon a second time")
                .isEqualTo(MatchOutcome.EXACT);
        assertThat(exact.karbonRef()).isEqualTo(ContactRef.karbonOrganization(bakery));
        assertThat(verdictFor(kafka, unknown).outcome()).isEqualTo(MatchOutcome.NEW);
        // The verdicts are out (Kafka acknowledged them) a moment before the catch-up's last transaction records
        // the index as fresh; a catch-up that met a transient failure after sending is done again, re-sending the
        // same verdicts (same event ids), so the state is awaited rather than read once.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath status = given().get("/firms/" + firm + "/karbon-connection").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(status.getString("bootstrapState")).isEqualTo("DONE");
            assertThat(status.getInt("heldXpmChanges")).isZero();
            assertThat(java.time.Instant.parse(status.getString("freshAsOf"))).isAfter(sameBakery.occurredAt());
        });
    }

    private static ContactChanged xpmClient(String firm, String name, String email) {
        return ContactChanged.of(firm, UUID.randomUUID(), SourceSystem.XPM, ChangeKind.CREATED,
                new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), name, null, null,
                        List.of(email), List.of(), null, null, "Company", null, List.of(), false, false,
                        null).withComputedHash());
    }

    private static MatchProposed verdictFor(KafkaTestClient kafka, ContactChanged change) {
        return CODEC.decode(kafka.awaitRecord(Topics.MATCHES_PROPOSED,
                r -> r.value().contains(change.eventId().toString()), Duration.ofSeconds(60)).value(),
                MatchProposed.class);
    }

    @Test
    void a_firm_in_a_storm_of_429s_does_not_hold_up_another_firms_bootstrap() {
        String stormy = registeredFirmWithOneOrganization();
        given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON).body(Map.of("seconds", 12))
                .post("/admin/firms/" + stormy + "/throttle").then().statusCode(204);
        connect(stormy);
        // the firm in the storm is claimed first (bootstraps are looked for every 2 s)
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        String calm = registeredFirmWithOneOrganization();
        connect(calm);

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> given().get("/firms/" + calm
                + "/karbon-connection").then().body("bootstrapState", equalTo("DONE")));
        assertThat(given().get("/firms/" + stormy + "/karbon-connection").jsonPath().getString("bootstrapState"))
                .as("the firm in the storm is still waiting").isIn("PENDING", "RUNNING");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/firms/" + stormy
                + "/karbon-connection").then().body("waitReason", containsString("429"))
                .body("waitsUntil", org.hamcrest.Matchers.notNullValue()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/firms/" + stormy
                + "/karbon-connection").then().body("bootstrapState", equalTo("DONE")).body("indexedContacts",
                equalTo(1)));
    }

    private final Map<String, JsonPath> credentials = new java.util.concurrent.ConcurrentHashMap<>();

    private String registeredFirmWithOneOrganization() {
        String firm = "firm-" + UUID.randomUUID();
        credentials.put(firm, given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("firmId", firm, "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath());
        given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("FullName", "Only Organisation", "BusinessCards",
                        List.of(Map.of("EmailAddresses", List.of("only@example.com")))))
                .post("/admin/firms/" + firm + "/organizations").then().statusCode(201);
        return firm;
    }

    private void connect(String firm) {
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", sandbox.baseUrl(),
                        "applicationId", credentials.get(firm).getString("applicationId"),
                        "accessKey", credentials.get(firm).getString("accessKey")))
                .put("/firms/" + firm + "/karbon-connection").then().statusCode(202);
    }

    @Test
    void wrong_credentials_end_in_a_failed_bootstrap_with_the_reason() {
        String firm = "firm-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", sandbox.baseUrl(), "applicationId", "nobody",
                "accessKey", "wrong")).put("/firms/" + firm + "/karbon-connection").then().statusCode(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/firms/" + firm + "/karbon-connection").then()
                        .body("bootstrapState", equalTo("FAILED"))
                        .body("bootstrapError", containsString("401"))
                        .body("summary", containsString("Karbon refused the application ID or access key")));
        given().post("/firms/" + firm + "/karbon-connection/test").then().statusCode(200)
                .body("ok", equalTo(false)).body("message", containsString("refused"));

        // Its XPM records are not held for ever: they are classified against the index as it stands.
        ContactChanged change = xpmClient(firm, "Fresh Start Ltd", "hi@fresh.example");
        KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        kafka.send(Topics.XPM_CONTACTS_CHANGED, firm, CODEC.encode(change));
        assertThat(verdictFor(kafka, change).outcome()).isEqualTo(MatchOutcome.NEW);
    }

    @Test
    void bad_registrations_and_unknown_firms_get_problem_details() {
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "not a url", "applicationId", "a",
                        "accessKey", "k")).put("/firms/f1/karbon-connection").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("baseUrl"));
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "http://127.0.0.1:1", "applicationId", "a"))
                .put("/firms/f1/karbon-connection").then().statusCode(400).body("detail", containsString("accessKey"));
        // only Karbon's own host: a firm's contacts are never sent to a server someone else chose
        for (String elsewhere : List.of("https://attacker.example", "http://api.karbonhq.com",
                "https://user@api.karbonhq.com", "http://169.254.169.254")) {
            given().contentType(ContentType.JSON).body(Map.of("baseUrl", elsewhere, "applicationId", "a",
                            "accessKey", "k")).put("/firms/f1/karbon-connection").then().statusCode(400)
                    .body("detail", anyOf(containsString("api.karbonhq.com"), containsString("https")));
        }
        given().get("/firms/no-such-firm/karbon-connection").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Unknown firm"));
        // the platform stream is this deployment's source of Karbon changes: no webhook notice is taken
        given().contentType(ContentType.JSON).header("Signature", "00").body("{}").post("/karbon/webhooks/f1")
                .then().statusCode(404).body("title", equalTo("Not a webhook receiver"));
    }
}
