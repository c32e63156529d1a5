package io.xpmsync.matching;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.client.karbon.WebhookSignature;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.ProcessBesideTest;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Karbon's webhooks as the source of Karbon changes, against the packaged karbon-sandbox (its own process) with its
 * platform event stream off: whatever reaches {@code karbon.contacts.changed.v1} here was published by this service
 * after a signed notice and a read of the record.
 */
@QuarkusTest
@TestProfile(KarbonWebhooksTest.WebhookMode.class)
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonSandboxOrigin.class, scope = TestResourceScope.GLOBAL)
class KarbonWebhooksTest {

    static final int PORT = Ports.free();
    private static final EventCodec CODEC = new EventCodec();
    private static ServiceProcess sandbox;

    /** Webhooks as the event source, Karbon reaching this service on its test port; subscriptions checked each second. */
    public static class WebhookMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", String.valueOf(PORT), "matching.karbon-events", "webhooks",
                    "matching.webhooks.public-url", "http://127.0.0.1:" + PORT,
                    "matching.webhooks.check-interval", "1s");
        }
    }

    @Inject
    SecretBox secrets;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProcessBesideTest.start("karbon-sandbox", KarbonSandboxOrigin.PORT, Map.of("KARBON_PLATFORM_EVENTS", "false",
                "KARBON_WEBHOOK_COALESCE", "200ms", "KARBON_WEBHOOK_RETRY_DELAY", "50ms"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private final KafkaTestClient kafka = new KafkaTestClient(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    private record Firm(String id, String applicationId, String accessKey) {
        RequestSpecification karbon() {
            return given().baseUri(sandbox.baseUrl()).header("Authorization", "Bearer " + applicationId)
                    .header("AccessKey", accessKey).contentType(ContentType.JSON);
        }
    }

    private static Firm connectedFirm() {
        String id = "firm-" + UUID.randomUUID();
        JsonPath credentials = given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("firmId", id, "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
        Firm firm = new Firm(id, credentials.getString("applicationId"), credentials.getString("accessKey"));
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", sandbox.baseUrl(),
                        "applicationId", firm.applicationId(), "accessKey", firm.accessKey()))
                .put("/firms/" + id + "/karbon-connection").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/firms/" + id + "/karbon-connection")
                .then().statusCode(200).body("karbonEvents", equalTo("webhooks"))
                .body("webhook.state", equalTo("ACTIVE")));
        return firm;
    }

    private List<ContactChanged> eventsOf(Firm firm, String key) {
        return kafka.readAll(Topics.KARBON_CONTACTS_CHANGED, Duration.ofSeconds(2)).stream()
                .filter(r -> firm.id().equals(r.key()))
                .map(r -> CODEC.decode(r.value(), ContactChanged.class))
                // the snapshot taken at connect may also read a record made meanwhile: these are the notices' events
                .filter(e -> !e.fromSnapshot())
                .filter(e -> e.contact().ref().id().equals(key)).toList();
    }

    @Test
    void a_firm_is_subscribed_and_a_karbon_change_becomes_exactly_one_contact_changed() {
        Firm firm = connectedFirm();
        assertThat(firm.karbon().get("/v3/WebhookSubscriptions/Contact").then().statusCode(200).extract()
                .jsonPath().getString("TargetUrl")).isEqualTo("http://127.0.0.1:" + PORT + "/karbon/webhooks/"
                + firm.id());

        String key = firm.karbon().body(Map.of("FullName", "Harbour View Holdings", "ContactType", "Client",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("info@harbour.example"),
                                "PhoneNumbers", List.of(Map.of("Number", "+64 9 555 0101", "Label", "Work"))))))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");
        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(firm, key).isEmpty());
        List<ContactChanged> events = eventsOf(firm, key);
        assertThat(events).hasSize(1);
        ContactChanged created = events.get(0);
        assertThat(created.origin()).isEqualTo(SourceSystem.KARBON);
        assertThat(created.change()).isEqualTo(ChangeKind.CREATED);
        ContactSnapshot contact = created.contact();
        assertThat(contact.ref()).isEqualTo(ContactRef.karbonOrganization(key));
        assertThat(contact.name()).isEqualTo("Harbour View Holdings");
        assertThat(contact.emails()).containsExactly("info@harbour.example");
        assertThat(contact.phones()).containsExactly(new Phone("+64 9 555 0101", "Work"));

        // a write that changes nothing Karbon syncs is notified, read, and publishes nothing
        firm.karbon().body(Map.of("FullName", "Harbour View Holdings")).patch("/v3/Organizations/" + key)
                .then().statusCode(200);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        assertThat(eventsOf(firm, key)).hasSize(1);

        firm.karbon().body(Map.of("FullName", "Harbour View Ltd")).patch("/v3/Organizations/" + key)
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(firm, key).size() == 2);
        ContactChanged updated = eventsOf(firm, key).get(1);
        assertThat(updated.change()).isEqualTo(ChangeKind.UPDATED);
        assertThat(updated.contact().name()).isEqualTo("Harbour View Ltd");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/firms/" + firm.id()
                + "/karbon-connection").then().body("webhook.waitingNotices", equalTo(0)));
    }

    @Test
    void a_record_deleted_in_karbon_is_published_deleted() {
        Firm firm = connectedFirm();
        String key = firm.karbon().body(Map.of("FullName", "Short Lived Ltd", "ContactType", "Client"))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(firm, key).size() == 1);

        given().baseUri(sandbox.baseUrl()).delete("/admin/firms/" + firm.id() + "/contacts/" + key).then()
                .statusCode(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(firm, key).size() == 2);
        ContactChanged deleted = eventsOf(firm, key).get(1);
        assertThat(deleted.change()).isEqualTo(ChangeKind.DELETED);
        assertThat(deleted.contact().deleted()).isTrue();
        assertThat(deleted.contact().ref()).isEqualTo(ContactRef.karbonOrganization(key));
    }

    @Test
    void only_signed_well_formed_notices_of_known_firms_are_taken_and_a_repeat_changes_nothing() {
        Firm firm = connectedFirm();
        String key = firm.karbon().body(Map.of("FirstName", "Mia", "LastName", "Chen", "ContactType", "Client"))
                .post("/v3/Contacts").then().statusCode(201).extract().path("ContactKey");
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(firm, key).size() == 1);

        String notice = "{\"ResourcePermaKey\":\"" + key + "\",\"ResourceType\":\"Contact\",\"ActionType\":\"Updated\","
                + "\"TimeStamp\":\"2026-01-01T00:00:00Z\"}";
        String signingKey = signingKey(firm.id());
        given().contentType(ContentType.JSON).header("Signature", "0".repeat(64)).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(401).body("title", equalTo("Bad signature"));
        given().contentType(ContentType.JSON).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(401);
        given().contentType(ContentType.JSON).header("Signature", sign(notice, signingKey)).body(notice)
                .post("/karbon/webhooks/no-such-firm").then().statusCode(404);
        String malformed = "{\"ResourcePermaKey\": ";
        given().contentType(ContentType.JSON).header("Signature", sign(malformed, signingKey)).body(malformed)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(400)
                .body("title", equalTo("Malformed notice"));

        // a duplicate (and out-of-order: older time stamp) notice: read again, same state, nothing published
        given().contentType(ContentType.JSON).header("Signature", sign(notice, signingKey)).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(200).body("taken", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/firms/" + firm.id()
                + "/karbon-connection").then().body("webhook.waitingNotices", equalTo(0)));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(eventsOf(firm, key)).hasSize(1);
    }

    @Test
    void a_subscription_karbon_ended_is_created_again_and_what_changed_meanwhile_is_published() {
        Firm firm = connectedFirm();
        // Karbon ends a subscription after ten failed deliveries; deleting it has the same effect
        firm.karbon().delete("/v3/WebhookSubscriptions/Contact").then().statusCode(204);
        String key = firm.karbon().body(Map.of("FullName", "Kauri Builders Ltd", "ContactType", "Client"))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                firm.karbon().get("/v3/WebhookSubscriptions/Contact").then().statusCode(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsOf(firm, key).size() == 1);
        assertThat(eventsOf(firm, key).get(0).contact().name()).isEqualTo("Kauri Builders Ltd");
    }

    @Transactional
    String signingKey(String firmId) {
        return secrets.open(KarbonConnectionEntity.<KarbonConnectionEntity>findById(firmId).webhookKeySealed, firmId);
    }

    private static String sign(String body, String key) {
        return WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), key);
    }
}
