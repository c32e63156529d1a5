package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.contracts.events.SyncSettings;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * A firm for one test: a Karbon firm in karbon-sandbox (Contact Types Client and Prospect), its connection registered
 * with matching-service, its settings on the settings topic (new contacts typed Prospect), and helpers to send the
 * verdicts matching-service would send.
 */
final class KarbonFirm {

    static final EventCodec CODEC = new EventCodec();

    final String firmId = "firm-" + UUID.randomUUID();
    final KarbonClient karbon;
    final KafkaTestClient kafka;
    final UUID runId = UUID.randomUUID();

    KarbonFirm(String bootstrapServers) {
        String sandbox = KarbonStackResource.karbon().baseUrl();
        JsonPath credentials = RestAssured.given().baseUri(sandbox).contentType(ContentType.JSON)
                .body(Map.of("firmId", firmId, "name", "Test Accounting", "country", "NZ",
                        "contactTypes", List.of("Client", "Prospect")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
        RestAssured.given().baseUri(KarbonStackResource.matching().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("baseUrl", sandbox, "applicationId", credentials.getString("applicationId"),
                        "accessKey", credentials.getString("accessKey")))
                .put("/firms/" + firmId + "/karbon-connection").then().statusCode(202);
        karbon = new KarbonClient(KarbonClientConfig.of(URI.create(sandbox), credentials.getString("applicationId"),
                credentials.getString("accessKey")));
        kafka = new KafkaTestClient(bootstrapServers);
        send(new SyncSettingsChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                new SyncSettings(SyncScope.CLIENTS_AND_CONTACTS, "Prospect", List.of(), true)));
    }

    /** Waits until mapping-service has the firm's settings (they travel on their own topic). */
    KarbonFirm ready() {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> FirmSettingsEntity.findById(firmId)) != null);
        return this;
    }

    MatchProposed verdict(MatchOutcome outcome, ContactSnapshot xpm, ContactRef karbonRef,
                          List<MatchCandidate> candidates, PartialReason reason) {
        return new MatchProposed(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, runId,
                UUID.randomUUID(), outcome, xpm, karbonRef, candidates, reason);
    }

    ContactPushed pushed(ContactRef karbonRef, ContactRef xpmRef) {
        return new ContactPushed(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), karbonRef, xpmRef, PushOutcome.CREATED, null,
                company("Pushed Ltd", "pushed@example.com").contentHash());
    }

    void send(io.xpmsync.contracts.events.SyncEvent event) {
        kafka.send(Topics.topicFor(event), firmId, CODEC.encode(event));
    }

    static ContactSnapshot company(String name, String email) {
        return new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), name, null, null, List.of(email),
                List.of(new Phone("09 555 0100", "Phone"), new Phone("09 555 0199", "Fax")),
                new Address(List.of("12 Queen Street", "Level 3"), "Auckland", "Auckland", "1010", "NZ"),
                new Address(List.of("PO Box 77"), "Auckland", null, "1140", "NZ"), "Company", null, List.of(),
                false, false, null).withComputedHash();
    }

    static ContactSnapshot individual(String first, String last, String email) {
        return new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), first + " " + last, first, last,
                List.of(email), List.of(new Phone("021 555 0101", "Phone")), null, null, " sole trader ", null,
                List.of(), false, false, null).withComputedHash();
    }

    static ContactSnapshot contactOf(ContactSnapshot client, String name, String email) {
        return new ContactSnapshot(ContactRef.xpmContact(UUID.randomUUID().toString()), name, null, null, List.of(email),
                List.of(new Phone("027 555 0102", "Mobile")), null, null, null, null, List.of(client.ref()), false,
                false, null).withComputedHash();
    }

    static ContactSnapshot with(ContactSnapshot s, String email, List<Phone> phones, boolean archived) {
        return new ContactSnapshot(s.ref(), s.name(), s.firstName(), s.lastName(), List.of(email), phones,
                s.physicalAddress(), s.mailingAddress(), s.businessStructure(), null, s.links(), archived, false, null)
                .withComputedHash();
    }
}
