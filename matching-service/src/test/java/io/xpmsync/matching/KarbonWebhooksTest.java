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
import io.xpmsync.infra.testing.UnfinishedUpload;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.matching.webhooks.KarbonNotices;
import io.xpmsync.messaging.SecretBox;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
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

    @Inject
    KarbonNotices notices;

    /**
     * Coalesced for a second, like the system suite: a notice is dated to the second, so with a shorter window two
     * changes of one record within a second would make identical notices, the second taken for a replay.
     */
    @BeforeAll
    static void startSandbox() {
        sandbox = ProcessBesideTest.start("karbon-sandbox", KarbonSandboxOrigin.PORT, Map.of("KARBON_PLATFORM_EVENTS", "false",
                "KARBON_WEBHOOK_COALESCE", "1s", "KARBON_WEBHOOK_RETRY_DELAY", "50ms"));
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

        String notice = notice(key, "Updated", Instant.now());
        String signingKey = signingKey(firm.id());
        given().contentType(ContentType.JSON).header("Signature", "0".repeat(64)).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(401).body("title", equalTo("Bad signature"));
        given().contentType(ContentType.JSON).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(401);
        String malformed = "{\"ResourcePermaKey\": ";
        given().contentType(ContentType.JSON).header("Signature", sign(malformed, signingKey)).body(malformed)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(400)
                .body("title", equalTo("Malformed notice"));
        String undated = notice(key, "Updated", Instant.now()).replaceAll(",\"TimeStamp\":\"[^\"]*\"", "");
        given().contentType(ContentType.JSON).header("Signature", sign(undated, signingKey)).body(undated)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(400)
                .body("detail", containsString("TimeStamp"));

        // a duplicate (the record as last published): read again, same state, nothing published
        given().contentType(ContentType.JSON).header("Signature", sign(notice, signingKey)).body(notice)
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(200).body("taken", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/firms/" + firm.id()
                + "/karbon-connection").then().body("webhook.waitingNotices", equalTo(0)));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(eventsOf(firm, key)).hasSize(1);
    }

    @Test
    void an_unknown_firm_gets_the_very_answer_a_bad_signature_gets() {
        Firm firm = connectedFirm();
        String notice = notice("kUnknownFirm1", "Updated", Instant.now());
        String signedForTheFirm = sign(notice, signingKey(firm.id()));
        io.restassured.response.Response badSignature = given().contentType(ContentType.JSON)
                .header("Signature", "0".repeat(64)).body(notice).post("/karbon/webhooks/" + firm.id());
        io.restassured.response.Response unknownFirm = given().contentType(ContentType.JSON)
                .header("Signature", signedForTheFirm).body(notice)
                .post("/karbon/webhooks/firm-" + UUID.randomUUID());

        assertThat(unknownFirm.statusCode()).isEqualTo(badSignature.statusCode()).isEqualTo(401);
        assertThat(unknownFirm.contentType()).isEqualTo(badSignature.contentType());
        assertThat(unknownFirm.asString()).isEqualTo(badSignature.asString());
    }

    @Test
    void a_body_longer_than_a_notice_can_be_is_refused_before_it_is_read() throws Exception {
        Firm firm = connectedFirm();
        URI receiver = URI.create("http://127.0.0.1:" + PORT + "/karbon/webhooks/" + firm.id());

        // 9 MiB declared, 1 KiB sent: answered at once, the rest never asked for
        UnfinishedUpload.Answer declared = UnfinishedUpload.declared(receiver, 9L << 20, 1024, Duration.ofSeconds(5));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("16 KiB");
        assertThat(declared.after()).isLessThan(Duration.ofSeconds(2));

        // no length declared: refused once the body grows past the cap, its end never sent
        UnfinishedUpload.Answer chunked = UnfinishedUpload.chunked(receiver, 64 * 1024, Duration.ofSeconds(5));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("16 KiB");

        // a notice within the cap is read as ever (here: an unsigned one)
        given().contentType(ContentType.JSON).body(" ".repeat(16 * 1024 - 2) + "{}")
                .post("/karbon/webhooks/" + firm.id()).then().statusCode(401);
    }

    @Test
    void a_replayed_or_stale_notice_is_answered_without_queuing_work_or_moving_the_last_notice_time() {
        Firm firm = connectedFirm();
        String signingKey = signingKey(firm.id());
        String notice = notice("kReplayed1", "Updated", Instant.now());
        post(firm, notice, signingKey).then().statusCode(200).body("taken", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> waiting(firm) == 0);
        Instant lastNotice = lastNotice(firm.id());

        // from now on Karbon answers the firm's every call with 429: a notice queued stays queued, for all to see
        given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON).body(Map.of("seconds", 300))
                .post("/admin/firms/" + firm.id() + "/throttle").then().statusCode(204);

        post(firm, notice, signingKey).then().statusCode(200).body("taken", equalTo(false))
                .body("reason", containsString("already"));
        String stale = notice("kStale1", "Updated", Instant.now().minus(Duration.ofHours(25)));
        post(firm, stale, signingKey).then().statusCode(200).body("taken", equalTo(false))
                .body("reason", containsString("older"));
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        assertThat(waiting(firm)).isZero();
        assertThat(lastNotice(firm.id())).isEqualTo(lastNotice);

        // a fresh notice is still taken, and waits for the firm's allowance
        post(firm, notice("kFresh1", "Updated", Instant.now()), signingKey).then().statusCode(200)
                .body("taken", equalTo(true));
        assertThat(waiting(firm)).isEqualTo(1);
        assertThat(lastNotice(firm.id())).isAfter(lastNotice);
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

    private static io.restassured.response.Response post(Firm firm, String notice, String signingKey) {
        return given().contentType(ContentType.JSON).header("Signature", sign(notice, signingKey)).body(notice)
                .post("/karbon/webhooks/" + firm.id());
    }

    private static int waiting(Firm firm) {
        return given().get("/firms/" + firm.id() + "/karbon-connection").then().statusCode(200).extract()
                .path("webhook.waitingNotices");
    }

    /** A notice as Karbon sends it, dated {@code at} to the second. */
    private static String notice(String key, String action, Instant at) {
        return "{\"ResourcePermaKey\":\"" + key + "\",\"ResourceType\":\"Contact\",\"ActionType\":\"" + action
                + "\",\"TimeStamp\":\"" + at.truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    @Transactional
    Instant lastNotice(String firmId) {
        return notices.lastSeen(firmId).orElseThrow();
    }

    @Transactional
    String signingKey(String firmId) {
        return secrets.open(KarbonConnectionEntity.<KarbonConnectionEntity>findById(firmId).webhookKeySealed, firmId);
    }

    private static String sign(String body, String key) {
        return WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), key);
    }
}
