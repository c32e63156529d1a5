package io.xpmsync.matching;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.ProcessBesideTest;
import io.xpmsync.matching.persistence.SnapshotProgress;
import io.xpmsync.matching.persistence.SnapshotProgress.Position;
import io.xpmsync.matching.service.KarbonSnapshotReader;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The initial snapshot of a firm's Karbon records, against the packaged karbon-sandbox (its own event relay held
 * back, so only the snapshot can have told matching-service of the records): every record is indexed and published
 * with its whole state, and the paging neither skips nor repeats a record that is edited, created or deleted while
 * the pages are read.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class KarbonSnapshotTest {

    private static final EventCodec CODEC = new EventCodec();
    private static ServiceProcess sandbox;

    @Inject
    KarbonSnapshotReader reader;

    @Inject
    SnapshotProgress progress;

    @Inject
    EntityManager em;

    @BeforeAll
    static void startSandbox() {
        sandbox = ProcessBesideTest.start("karbon-sandbox", Ports.free(), Map.of("KARBON_OUTBOX_POLL_INTERVAL", "1h"));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void an_existing_organization_is_matched_by_any_email_of_its_card_and_published_whole_marked_snapshot() {
        String firm = "firm-" + UUID.randomUUID();
        JsonPath credentials = newFirm(firm);
        String harbour = organization(firm, "Harbour View Holdings Pty Ltd",
                List.of("office@harbourview.example", "accounts@harbourview.example"));

        given().contentType(ContentType.JSON).body(Map.of("baseUrl", sandbox.baseUrl(),
                        "applicationId", credentials.getString("applicationId"),
                        "accessKey", credentials.getString("accessKey")))
                .put("/firms/" + firm + "/karbon-connection").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/firms/" + firm + "/karbon-connection").then().statusCode(200)
                        .body("bootstrapState", equalTo("DONE"))
                        .body("snapshot.state", equalTo("DONE"))
                        .body("snapshot.organizationsRead", equalTo(1))
                        .body("snapshot.organizationsTotal", equalTo(1))
                        .body("snapshot.peopleRead", equalTo(0)));

        KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        ContactChanged published = CODEC.decode(kafka.awaitRecord(Topics.KARBON_CONTACTS_CHANGED,
                r -> firm.equals(r.key()) && r.value().contains(harbour), Duration.ofSeconds(30)).value(),
                ContactChanged.class);
        assertThat(published.fromSnapshot()).isTrue();
        assertThat(published.contact().emails())
                .containsExactly("office@harbourview.example", "accounts@harbourview.example");

        ContactChanged xpm = ContactChanged.of(firm, UUID.randomUUID(), SourceSystem.XPM, ChangeKind.CREATED,
                new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), "Harbour View Holdings Pty Ltd",
                        null, null, List.of("accounts@harbourview.example"), List.of(), null, null, "Company", null,
                        List.of(), false, false, null).withComputedHash());
        kafka.send(Topics.XPM_CONTACTS_CHANGED, firm, CODEC.encode(xpm));
        MatchProposed verdict = CODEC.decode(kafka.awaitRecord(Topics.MATCHES_PROPOSED,
                r -> r.value().contains(xpm.eventId().toString()), Duration.ofSeconds(60)).value(),
                MatchProposed.class);
        assertThat(verdict.outcome()).as("the card's second email is the organization's as much as its first")
                .isEqualTo(MatchOutcome.EXACT);
        assertThat(verdict.karbonRef()).isEqualTo(ContactRef.karbonOrganization(harbour));
    }

    @Test
    void a_record_edited_between_pages_is_neither_skipped_nor_repeated() {
        String firm = "firm-" + UUID.randomUUID();
        JsonPath credentials = newFirm(firm);
        List<String> keys = organizations(firm, 150);
        KarbonClient karbon = karbon(credentials);

        Position at = QuarkusTransaction.requiringNew().call(() -> progress.currentOrStart(firm));
        at = reader.readPage(firm, karbon, at).orElseThrow();
        // an organization of the first page changes: ordered by when each was last changed, it would move to the end
        // and the first organization of the next page would slide into the page already read
        String first = snapshotReads(firm).get(0);
        given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + credentials.getString("applicationId"))
                .header("AccessKey", credentials.getString("accessKey"))
                .body(Map.of("FullName", "Renamed Organisation", "ContactType", "Client"))
                .put("/v3/Organizations/" + first).then().statusCode(204);
        while (at.pass() == 1 && at.kind().equals("KARBON_ORGANIZATION")) {
            at = reader.readPage(firm, karbon, at).orElseThrow();
        }

        assertThat(snapshotReads(firm)).as("the first pass read every organization once")
                .containsExactlyInAnyOrderElementsOf(keys);
        assertThat(reader.readAll(firm, karbon)).isPresent();
        assertThat(publishedSnapshots(firm)).as("each published once").hasSize(150);
    }

    @Test
    void a_record_deleted_between_pages_skips_none_of_the_others() {
        String firm = "firm-" + UUID.randomUUID();
        JsonPath credentials = newFirm(firm);
        List<String> keys = new ArrayList<>(organizations(firm, 150));
        KarbonClient karbon = karbon(credentials);

        Position at = QuarkusTransaction.requiringNew().call(() -> progress.currentOrStart(firm));
        reader.readPage(firm, karbon, at).orElseThrow();
        // deleting one of the first page moves every later organization one place up: the first of the next page
        // slides into the page already read, and only a second pass over the list finds it
        String gone = snapshotReads(firm).get(0);
        given().baseUri(sandbox.baseUrl()).delete("/admin/firms/" + firm + "/contacts/" + gone).then().statusCode(204);
        assertThat(reader.readAll(firm, karbon)).isPresent();

        keys.remove(gone);
        assertThat(snapshotReads(firm)).as("every organization Karbon still holds was read")
                .containsAll(keys).hasSize(150);
        assertThat(publishedSnapshots(firm)).hasSize(150);
        SnapshotProgress.Status status = QuarkusTransaction.requiringNew().call(() -> progress.status(firm))
                .orElseThrow();
        assertThat(status.state()).isEqualTo("DONE");
        assertThat(status.organizationsTotal()).isEqualTo(149);
        assertThat(status.warning()).isNull();
    }

    private List<String> snapshotReads(String firm) {
        return strings("SELECT karbon_key FROM karbon_snapshot_read WHERE firm_id = ?1", firm);
    }

    private List<String> publishedSnapshots(String firm) {
        return strings("SELECT payload FROM outbox_event WHERE payload LIKE ?1", "%\"firmId\":\"" + firm + "\"%")
                .stream().map(p -> CODEC.decode(p, ContactChanged.class)).filter(ContactChanged::fromSnapshot)
                .map(c -> c.contact().ref().id()).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String query, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) em.createNativeQuery(query)
                .setParameter(1, parameter).getResultList());
    }

    private static KarbonClient karbon(JsonPath credentials) {
        return new KarbonClient(KarbonClientConfig.of(URI.create(sandbox.baseUrl()),
                credentials.getString("applicationId"), credentials.getString("accessKey")));
    }

    private static JsonPath newFirm(String firm) {
        return given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("firmId", firm, "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
    }

    private static List<String> organizations(String firm, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(organization(firm, "Organisation " + i, List.of("org" + i + "@example.com")));
        }
        return keys;
    }

    private static String organization(String firm, String name, List<String> emails) {
        return given().baseUri(sandbox.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("FullName", name, "ContactType", "Client",
                        "BusinessCards", List.of(Map.of("EmailAddresses", emails))))
                .post("/admin/firms/" + firm + "/organizations").then().statusCode(201).extract().path("key");
    }
}
