package io.xpmsync.connector;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.connector.persistence.SyncRunEntity;
import io.xpmsync.connector.persistence.SyncSettingsEntity;
import io.xpmsync.connector.sync.ChangeDetector;
import io.xpmsync.connector.sync.RunProgress;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.messaging.Outbox;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Sync Now and scheduled polling against the XPM sandbox over HTTP: exactly the expected events for a seeded practice
 * (scope rules and archives included), none for a repeat, incremental polls, Xero's limits and injected faults.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SyncTest {

    @Inject
    Outbox outbox;

    @Inject
    ChangeDetector detector;

    @Inject
    RunProgress progress;

    @Inject
    XpmApi xpm;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    /** A small practice: a company with two contacts, an individual with one, an archived trust, a deleted client. */
    private record Seeded(String acme, String jane, String trust, String gone) {
    }

    private static Seeded seed(XpmPractice p) {
        String acme = p.addClient("""
                <Client><Name>Acme Plumbing Ltd</Name><Email>office@acme.example</Email>
                  <Address>12 Queen Street
                  Level 3</Address><City>Auckland</City><PostCode>1010</PostCode><Country>New Zealand</Country>
                  <PostalAddress>PO Box 77</PostalAddress><PostalCity>Auckland</PostalCity><PostalPostCode>1140</PostalPostCode>
                  <Phone>09 555 0100</Phone><Fax>09 555 0199</Fax><BusinessStructure>Company</BusinessStructure>
                  <Contacts>
                    <Contact><Name>Mere Tane</Name><Email>mere@acme.example</Email><Mobile>021 555 0101</Mobile><IsPrimary>Yes</IsPrimary></Contact>
                    <Contact><Name>Tom Hill</Name><Email>tom@acme.example</Email><Phone>09 555 0102</Phone></Contact>
                  </Contacts></Client>""");
        String jane = p.addClient("""
                <Client><Name>Jane Doe</Name><FirstName>Jane</FirstName><LastName>Doe</LastName>
                  <Email>jane@doe.example</Email><BusinessStructure> sole TRADER </BusinessStructure>
                  <Contacts><Contact><Name>Jane's Bookkeeper</Name><Email>books@doe.example</Email></Contact></Contacts>
                </Client>""");
        String trust = p.addClient("<Client><Name>Hill Family Trust</Name><BusinessStructure>Trust</BusinessStructure>"
                + "<IsArchived>Yes</IsArchived></Client>");
        String gone = p.addClient("<Client><Name>Gone Ltd</Name><BusinessStructure>Company</BusinessStructure></Client>");
        XpmPractice.sandbox().post("/admin/practices/" + p.tenantId + "/clients/" + gone + "/delete")
                .then().statusCode(204);
        return new Seeded(acme, jane, trust, gone);
    }

    @Test
    void syncNowPublishesEveryRecordOnceWithScopeRulesAndArchives() {
        XpmPractice p = XpmPractice.create("Seeded Practice").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ");
        Seeded s = seed(p);

        Map<String, Object> run = p.syncNow();

        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("mode", "FULL")
                .containsEntry("trigger", "SYNC_NOW").containsEntry("clientsFetched", 4)
                .containsEntry("contactsFetched", 3).containsEntry("changesPublished", 6)
                .containsEntry("skippedByScope", 1).containsEntry("xpmCalls", 1);
        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(events).allSatisfy(e -> assertThat(e.syncRunId()).hasToString((String) run.get("id")));
        assertThat(events).extracting(e -> e.contact().name(), ContactChanged::change).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Acme Plumbing Ltd", ChangeKind.CREATED),
                org.assertj.core.groups.Tuple.tuple("Jane Doe", ChangeKind.CREATED),
                org.assertj.core.groups.Tuple.tuple("Hill Family Trust", ChangeKind.ARCHIVED),
                org.assertj.core.groups.Tuple.tuple("Gone Ltd", ChangeKind.DELETED),
                org.assertj.core.groups.Tuple.tuple("Mere Tane", ChangeKind.CREATED),
                org.assertj.core.groups.Tuple.tuple("Tom Hill", ChangeKind.CREATED));

        ContactChanged acme = byName(events, "Acme Plumbing Ltd");
        assertThat(acme.contact().ref()).isEqualTo(ContactRef.xpmClient(s.acme()));
        assertThat(acme.contact().emails()).containsExactly("office@acme.example");
        assertThat(acme.contact().phones()).containsExactly(new Phone("09 555 0100", "Phone"),
                new Phone("09 555 0199", "Fax"));
        assertThat(acme.contact().physicalAddress().lines()).containsExactly("12 Queen Street", "Level 3");
        assertThat(acme.contact().physicalAddress().city()).isEqualTo("Auckland");
        assertThat(acme.contact().mailingAddress().lines()).containsExactly("PO Box 77");
        assertThat(acme.contact().businessStructure()).isEqualTo("Company");
        ContactChanged mere = byName(events, "Mere Tane");
        assertThat(mere.contact().ref().kind()).isEqualTo(ContactKind.XPM_CONTACT);
        assertThat(mere.contact().links()).containsExactly(ContactRef.xpmClient(s.acme()));
        assertThat(mere.contact().phones()).containsExactly(new Phone("021 555 0101", "Mobile"));
        assertThat(byName(events, "Jane Doe").contact().firstName()).isEqualTo("Jane");

        Map<String, Object> again = p.syncNow();
        assertThat(again).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 0)
                .containsEntry("unchanged", 6);
        assertThat(XpmEvents.published(kafka, outbox, p.firmId)).hasSize(6);
    }

    @Test
    void aPreviewPublishesTheSameChangesMarkedAsAPreviewAndLeavesWhatWasSeenForTheSyncNowAfterIt() {
        XpmPractice p = XpmPractice.create("Preview Practice").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ");
        seed(p);

        String previewId = RestAssured.given().post("/firms/" + p.firmId + "/sync-runs?preview=true").then()
                .statusCode(202).body("trigger", org.hamcrest.Matchers.equalTo("PREVIEW")).extract().path("id");
        Map<String, Object> preview = p.awaitRun(previewId);
        assertThat(preview).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 6)
                .containsEntry("skippedByScope", 1).containsEntry("xpmCalls", 1);
        List<ContactChanged> previewed = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(previewed).hasSize(6).allSatisfy(e -> assertThat(e.inPreview()).isTrue());
        // what a preview would not import, by name with the reason: the contact of a sole trader
        assertThat(RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + previewId + "/not-imported").jsonPath()
                .<Map<String, Object>>getList("$")).singleElement().satisfies(n -> assertThat(n)
                .containsEntry("name", "Jane's Bookkeeper").containsEntry("reason", "a contact only of clients that"
                        + " become People in Karbon (Individual, Sole Trader or one of the firm's person structures),"
                        + " whose contacts are not imported"));
        // nothing was seen, the watermark stays: scheduled polls do not begin, and Sync Now finds the same changes
        assertThat(QuarkusTransaction.requiringNew().call(() -> XpmConnectionEntity.<XpmConnectionEntity>findById(
                p.firmId).polledUpTo)).isNull();

        Map<String, Object> run = p.syncNow();
        assertThat(run).containsEntry("trigger", "SYNC_NOW").containsEntry("changesPublished", 6);
        List<ContactChanged> synced = XpmEvents.published(kafka, outbox, p.firmId).stream()
                .filter(e -> !e.inPreview()).toList();
        assertThat(synced).extracting(e -> e.contact().ref()).containsExactlyInAnyOrderElementsOf(
                previewed.stream().map(e -> e.contact().ref()).toList());
        assertThat(synced).extracting(e -> e.contact().contentHash()).containsExactlyInAnyOrderElementsOf(
                previewed.stream().map(e -> e.contact().contentHash()).toList());
        RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + run.get("id") + "/not-imported").then()
                .statusCode(404);
        RestAssured.given().post("/firms/" + p.firmId + "/sync-runs?preview=yes").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.equalTo("preview must be true or false"));
    }

    @Test
    void clientsOnlyScopePublishesNoContactsUntilTheScopeWidens() {
        XpmPractice p = XpmPractice.create("Clients Only").connect("AU");
        seed(p);
        p.settings("CLIENTS_AND_CONTACTS", "Client", List.of());
        p.settings("CLIENTS_ONLY", "Client", List.of());
        assertThat(RestAssured.get("/firms/" + p.firmId + "/sync-runs").jsonPath().getList("$"))
                .as("widening before the first sync waits for Sync Now").isEmpty();

        Map<String, Object> run = p.syncNow();
        assertThat(run).containsEntry("changesPublished", 4).containsEntry("skippedByScope", 3);
        assertThat(XpmEvents.published(kafka, outbox, p.firmId))
                .allSatisfy(e -> assertThat(e.contact().ref().kind()).isEqualTo(ContactKind.XPM_CLIENT));

        p.settings("CLIENTS_AND_CONTACTS", "Client", List.of());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(XpmEvents.published(kafka, outbox,
                p.firmId)).filteredOn(e -> e.contact().ref().kind() == ContactKind.XPM_CONTACT)
                .extracting(e -> e.contact().name()).containsExactlyInAnyOrder("Mere Tane", "Tom Hill"));
        List<Map<String, Object>> runs = RestAssured.get("/firms/" + p.firmId + "/sync-runs").jsonPath().getList("$");
        assertThat(runs).extracting(r -> r.get("trigger")).contains("SETTINGS", "SYNC_NOW");
    }

    @Test
    void scheduledPollsPublishOnlyWhatChangedSinceTheLastOne() {
        XpmPractice p = XpmPractice.create("Incremental").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("ZA");
        Seeded s = seed(p);
        p.syncNow();
        int before = XpmEvents.published(kafka, outbox, p.firmId).size();

        p.updateClient("<Client><UUID>" + s.acme().toUpperCase() + "</UUID><Email>accounts@acme.example</Email></Client>");
        p.archive(s.jane());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("nextPollAt = ?1 where firmId = ?2"
                    + " and claimedBy is null", Instant.now(), p.firmId));
            assertThat(XpmEvents.published(kafka, outbox, p.firmId)).hasSize(before + 2);
        });
        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        List<ContactChanged> latest = events.subList(before, events.size());
        assertThat(latest).extracting(e -> e.contact().name(), ContactChanged::change).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Acme Plumbing Ltd", ChangeKind.UPDATED),
                org.assertj.core.groups.Tuple.tuple("Jane Doe", ChangeKind.ARCHIVED));
        assertThat(byName(latest, "Acme Plumbing Ltd").contact().emails()).containsExactly("accounts@acme.example");
        Map<String, Object> scheduled = RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + latest.get(0).syncRunId())
                .jsonPath().getMap("$");
        assertThat(scheduled).containsEntry("trigger", "SCHEDULED").containsEntry("mode", "INCREMENTAL");
        assertThat(Instant.parse((String) scheduled.get("modifiedSince"))).isBefore(Instant.now());
    }

    /**
     * Nothing public says XPM stamps a client as modified when only one of its contacts is edited, so incremental
     * polls may never see such an edit. The contact sweep (a full read once the last one is older than
     * {@code CONNECTOR_CONTACT_SWEEP}) does, and publishes only what changed.
     */
    @Test
    void aContactOnlyEditThatNoIncrementalPollSeesIsFoundByTheContactSweep() {
        XpmPractice p = XpmPractice.create("Sweep").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ");
        seed(p);
        p.syncNow();
        XpmPractice.sandbox().contentType(ContentType.JSON).body(Map.of("contactEditsStampClients", false))
                .put("/admin/practices/" + p.tenantId + "/behaviour").then().statusCode(200);
        List<ContactChanged> before = XpmEvents.published(kafka, outbox, p.firmId);
        ContactChanged mere = byName(before, "Mere Tane");
        String access = RestAssured.get("/internal/firms/" + p.firmId + "/xpm-access").jsonPath()
                .getString("accessToken");
        XpmPractice.sandbox().header("Authorization", "Bearer " + access).header("Xero-Tenant-Id", p.tenantId)
                .contentType("text/xml").body("<Contact><Name>Mere Tane</Name><Email>mere.tane@acme.example</Email>"
                        + "</Contact>")
                .put("/practicemanager/3.1/client.api/contact/" + mere.contact().ref().id()).then().statusCode(200);

        // an incremental poll: the edit stamped no client, so it is not seen (the clients were made a moment ago,
        // inside the poll's look-back: the watermark is moved on, as if they had been made long before)
        QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("polledUpTo = ?1 where firmId = ?2",
                Instant.now().plus(Duration.ofMinutes(10)), p.firmId));
        String incremental = pollOnce(p);
        assertThat(RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + incremental).jsonPath().getString("mode"))
                .isEqualTo("INCREMENTAL");
        assertThat(XpmEvents.published(kafka, outbox, p.firmId)).hasSize(before.size());

        // the last full read is older than the sweep interval: the next scheduled poll reads everything
        QuarkusTransaction.requiringNew().run(() -> SyncRunEntity.update("startedAt = ?1 where firmId = ?2"
                + " and incremental = false", Instant.now().minus(Duration.ofHours(7)), p.firmId));
        String sweep = pollOnce(p);
        assertThat(RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + sweep).jsonPath().getMap("$"))
                .containsEntry("trigger", "SCHEDULED").containsEntry("mode", "FULL");
        List<ContactChanged> after = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(after).hasSize(before.size() + 1);
        ContactChanged edited = after.get(after.size() - 1);
        assertThat(edited.change()).isEqualTo(ChangeKind.UPDATED);
        assertThat(edited.contact().emails()).containsExactly("mere.tane@acme.example");
    }

    /** Makes the firm's scheduled poll due now and answers the id of the run it made, once it has completed. */
    private String pollOnce(XpmPractice p) {
        List<Object> before = RestAssured.get("/firms/" + p.firmId + "/sync-runs?limit=50").jsonPath().getList("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("nextPollAt = ?1 where firmId = ?2"
                    + " and claimedBy is null", Instant.now(), p.firmId));
            return RestAssured.get("/firms/" + p.firmId + "/sync-runs?limit=50").jsonPath().getList("phase").stream()
                    .filter("COMPLETED"::equals).count() > before.size();
        });
        List<String> ids = RestAssured.get("/firms/" + p.firmId + "/sync-runs?limit=50").jsonPath().getList("id");
        return ids.stream().filter(id -> !before.contains(id)).findFirst().orElseThrow();
    }

    @Test
    void aTwoThousandClientPracticeSyncsWithinXerosRealLimitsWithoutA429() {
        XpmPractice p = XpmPractice.create("Big Practice").connect("US");
        Map<String, Object> seeded = p.generate(2026, 2000, 0);

        Map<String, Object> run = p.syncNow();

        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("clientsFetched", 2000)
                .containsEntry("changesPublished", 2000);
        assertThat(XpmEvents.published(kafka, outbox, p.firmId)).hasSize(2000)
                .extracting(e -> e.contact().ref().id()).doesNotHaveDuplicates();
        assertThat(p.calls()).extracting(c -> c.get("status")).doesNotContain(429).isNotEmpty();
        assertThat(seeded.get("clients")).isEqualTo(2000);
    }

    @Test
    void aListThatBreaksOffIsReadAgainAndNoClientIsHandledTwice() {
        XpmPractice p = XpmPractice.create("Cut Off Practice").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ");
        Map<String, Object> seeded = p.generate(77, 1200, 2);
        p.fault("CUT_OFF", 1, Map.of("clients", 700));

        Map<String, Object> run = p.syncNow();

        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("clientsFetched", 1200)
                .containsEntry("contactsFetched", seeded.get("contacts")).containsEntry("xpmCalls", 2);
        assertThat(p.calls()).extracting(c -> c.get("status")).containsExactly(200, 200);
        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(events).hasSize((Integer) run.get("changesPublished"))
                .extracting(e -> e.contact().ref().id()).doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.contact().ref().kind() == ContactKind.XPM_CLIENT).hasSize(1200);
        assertThat((Integer) run.get("unchanged")).isZero();
    }

    @Test
    void aRunWhoseInstanceDiedGoesOnFromWhereItWas() {
        XpmPractice p = XpmPractice.create("Crashed Practice").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("AU");
        p.generate(78, 900, 2);
        Instant lapses = Instant.now().plusSeconds(6);
        QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("claimedBy = ?1, claimedUntil = ?2"
                + " where firmId = ?3", "connector-that-died", lapses, p.firmId));
        String id = RestAssured.given().post("/firms/" + p.firmId + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        // one Sync Now at a time per firm: asked again while the run waits, the same run is answered
        assertThat(RestAssured.given().post("/firms/" + p.firmId + "/sync-runs").then().statusCode(200)
                .extract().<String>path("id")).isEqualTo(id);
        UUID runId = UUID.fromString(id);
        // what the instance did before it died: started the run and handled the first 400 clients of the list
        QuarkusTransaction.requiringNew().run(() -> SyncRunEntity.update("phase = ?1, startedAt = ?2 where id = ?3",
                SyncRunEntity.FETCHING, Instant.now(), runId));
        detector.detectClients(p.firmId, runId, xpm.listClients(p.firmId, null).subList(0, 400), List.of(),
                progress);
        // its progress renewed its claim; that claim lapses as it died
        QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("claimedUntil = ?1 where firmId = ?2",
                lapses, p.firmId));
        assertThat(Instant.now()).as("set up before the claim lapsed").isBefore(lapses);

        Map<String, Object> run = p.awaitRun(id);

        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("clientsFetched", 900);
        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(events).hasSize((Integer) run.get("changesPublished"))
                .extracting(e -> e.contact().ref().id()).doesNotHaveDuplicates();
        assertThat(events).filteredOn(e -> e.contact().ref().kind() == ContactKind.XPM_CLIENT).hasSize(900);
        assertThat(events).allSatisfy(e -> assertThat(e.syncRunId()).isEqualTo(runId));
    }

    @Test
    void an429IsWaitedOutForItsRetryAfter() {
        XpmPractice p = XpmPractice.create("Throttled").connect("NZ");
        seed(p);
        p.fault("HTTP_429", 1, Map.of("retryAfterSeconds", 2));

        assertThat(p.syncNow()).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 4);

        List<Map<String, Object>> calls = p.calls();
        assertThat(calls).extracting(c -> c.get("status")).containsExactly(429, 200);
        Instant refused = Instant.parse((String) calls.get(0).get("at"));
        Instant retried = Instant.parse((String) calls.get(1).get("at"));
        assertThat(Duration.between(refused, retried)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aDailyLimitPausesThePracticeAndTheConnectionSaysUntilWhen() {
        XpmPractice p = XpmPractice.create("Daily Limit").connect("NZ");
        seed(p);
        p.limits(Map.of("perDay", 1));
        assertThat(p.syncNow()).containsEntry("phase", "COMPLETED");

        Map<String, Object> refused = p.syncNow();

        assertThat(refused).containsEntry("phase", "FAILED");
        assertThat((String) refused.get("error")).contains("day limit", "paused until");
        assertThat(p.calls()).extracting(c -> c.get("status")).containsExactly(200, 429);
        Map<String, Object> connection = RestAssured.get("/firms/" + p.firmId + "/xpm-connection").jsonPath()
                .getMap("$");
        assertThat(Instant.parse((String) connection.get("pausedUntil"))).isAfter(Instant.now().plus(Duration.ofHours(1)));
        assertThat((String) connection.get("pauseReason")).contains("daily limit of XPM calls is used up");
    }

    @Test
    void transientFaultsAreRetriedAndPersistentOnesEndTheRunWithAClearErrorAndNoGap() {
        XpmPractice p = XpmPractice.create("Flaky").connect("GB");
        seed(p);
        p.fault("HTTP_500", 2, Map.of());
        p.fault("MALFORMED_XML", 1, Map.of());
        assertThat(p.syncNow()).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 4);
        assertThat(p.calls()).extracting(c -> c.get("status")).containsExactly(500, 500, 200, 200);

        p.addClient("<Client><Name>Late Arrival Ltd</Name><BusinessStructure>Company</BusinessStructure></Client>");
        p.fault("HTTP_500", 10, Map.of());
        Map<String, Object> failed = p.syncNow();
        assertThat(failed).containsEntry("phase", "FAILED").containsEntry("changesPublished", 0);
        assertThat((String) failed.get("error")).contains("HTTP 500", "gave up after 5 attempts");
        XpmPractice.sandbox().delete("/admin/practices/" + p.tenantId + "/faults").then().statusCode(204);

        p.fault("STATUS_ERROR", 1, Map.of());
        Map<String, Object> refused = p.syncNow();
        assertThat(refused).containsEntry("phase", "FAILED");
        assertThat((String) refused.get("error")).contains("Status ERROR", "asked to fail");

        assertThat(p.syncNow()).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 1);
        assertThat(XpmEvents.published(kafka, outbox, p.firmId)).extracting(e -> e.contact().name())
                .contains("Late Arrival Ltd").doesNotHaveDuplicates();
    }

    @Test
    void aFirmAnotherInstanceHoldsIsNotPolledUntilItsClaimLapses() {
        XpmPractice p = XpmPractice.create("Claimed Elsewhere").connect("NZ");
        seed(p);
        Instant lapses = Instant.now().plusSeconds(3);
        QuarkusTransaction.requiringNew().run(() -> XpmConnectionEntity.update("claimedBy = ?1, claimedUntil = ?2"
                + " where firmId = ?3", "connector-elsewhere", lapses, p.firmId));

        String id = RestAssured.given().post("/firms/" + p.firmId + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() ->
                "QUEUED".equals(RestAssured.get("/firms/" + p.firmId + "/sync-runs/" + id).path("phase")));
        Map<String, Object> run = p.awaitRun(id);

        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("changesPublished", 4);
        assertThat(Instant.parse((String) run.get("startedAt"))).isAfterOrEqualTo(lapses);
    }

    @Test
    void settingsAreValidatedNamingTheField() {
        String firm = "firm-" + UUID.randomUUID();
        RestAssured.get("/firms/" + firm + "/sync-settings").then().statusCode(200)
                .body("scope", equalTo("CLIENTS_ONLY")).body("newContactType", equalTo("Client"))
                .body("pushedContactTypes.size()", equalTo(0));
        put(firm, Map.of("scope", "EVERYTHING", "newContactType", "Client")).then().statusCode(400)
                .body("field", equalTo("scope"));
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", " ")).then().statusCode(400)
                .body("field", equalTo("newContactType"));
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "pushedContactTypes",
                List.of("Client", "client"))).then().statusCode(400).body("field", equalTo("pushedContactTypes[1]"));
        RestAssured.given().contentType(ContentType.JSON).body("[1,2]").put("/firms/" + firm + "/sync-settings")
                .then().statusCode(400);
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "personStructures",
                List.of("Sole Proprietor", " sole  PROPRIETOR "))).then().statusCode(400)
                .body("field", equalTo("personStructures[1]")).body("detail", containsString("twice"));
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "personStructures", List.of("")))
                .then().statusCode(400).body("field", equalTo("personStructures[0]"));
        put(firm, Map.of("scope", "clients_and_contacts", "newContactType", "Prospect", "pushedContactTypes",
                List.of("Client", "Supplier"), "personStructures", List.of(" Sole   Proprietor"))).then().statusCode(200)
                .body("scope", equalTo("CLIENTS_AND_CONTACTS")).body("pushedContactTypes[1]", equalTo("Supplier"))
                .body("personStructures", equalTo(List.of("Sole Proprietor")));
        RestAssured.get("/firms/" + firm + "/sync-runs/not-a-uuid").then().statusCode(400);
        RestAssured.get("/firms/" + firm + "/sync-runs/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void settingsWithAFieldTheyDoNotTakeAreRefusedAndNothingLongIsEchoedOrTaken() {
        String firm = "firm-" + UUID.randomUUID();
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "notes", "x".repeat(1000)))
                .then().statusCode(400).body("field", equalTo("notes"))
                .body("detail", containsString("does not take: 'notes'"));
        put(firm, Map.of("scope", "s".repeat(60_000), "newContactType", "Client")).then().statusCode(400)
                .body("field", equalTo("scope"))
                .body("detail", endsWith("not '" + "s".repeat(100) + "…'"));
        RestAssured.get("/firms/" + firm + "/sync-settings").then().statusCode(200).body("scope", equalTo("CLIENTS_ONLY"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", "NZ", "returnTo",
                        "/" + "r".repeat(3000))).post("/firms/" + firm + "/xpm-connection").then().statusCode(400)
                .body("field", equalTo("returnTo")).body("detail", containsString("at most 2048"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("tenantId", "t".repeat(101)))
                .post("/firms/" + firm + "/xpm-connection/practice").then().statusCode(400)
                .body("field", equalTo("tenantId")).body("detail", containsString("at most 100"));
    }

    @Test
    void eachConflictPolicyIsSavedReadBackAndPublishedAndARequestNamingNoneKeepsTheFirmsPolicy() {
        String firm = "firm-" + UUID.randomUUID();
        RestAssured.get("/firms/" + firm + "/sync-settings").then().statusCode(200)
                .body("conflictPolicy", equalTo("ASK"));
        // a new firm that names no policy asks a person
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client")).then().statusCode(200)
                .body("conflictPolicy", equalTo("ASK"));
        assertThat(storedPolicy(firm)).isEqualTo("ASK");

        for (ConflictPolicy policy : ConflictPolicy.values()) {
            put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "conflictPolicy", policy.name()))
                    .then().statusCode(200).body("conflictPolicy", equalTo(policy.name()));
            RestAssured.get("/firms/" + firm + "/sync-settings").then().statusCode(200)
                    .body("conflictPolicy", equalTo(policy.name()));
            assertThat(storedPolicy(firm)).isEqualTo(policy.name());
        }
        // read as a scope is: any case, trimmed
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Client", "conflictPolicy", " xpm_wins "))
                .then().statusCode(200).body("conflictPolicy", equalTo("XPM_WINS"));

        // an unknown policy is refused in words naming the choices, and nothing of the request is kept
        for (String unknown : List.of("LOUDEST_WINS", "")) {
            put(firm, Map.of("scope", "CLIENTS_AND_CONTACTS", "newContactType", "Prospect", "conflictPolicy", unknown))
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo("conflictPolicy"))
                    .body("detail", equalTo("conflictPolicy must be one of ASK (Ask a person), XPM_WINS (XPM wins),"
                            + " KARBON_WINS (Karbon wins), MOST_RECENT (The most recent change wins), not '"
                            + unknown + "'"));
        }
        RestAssured.get("/firms/" + firm + "/sync-settings").then().statusCode(200)
                .body("conflictPolicy", equalTo("XPM_WINS")).body("scope", equalTo("CLIENTS_ONLY"))
                .body("newContactType", equalTo("Client"));
        assertThat(storedPolicy(firm)).isEqualTo("XPM_WINS");

        // absent, or null, keeps the firm's policy while the rest changes
        put(firm, Map.of("scope", "CLIENTS_ONLY", "newContactType", "Prospect")).then().statusCode(200)
                .body("conflictPolicy", equalTo("XPM_WINS")).body("newContactType", equalTo("Prospect"));
        Map<String, Object> naming = new HashMap<>(Map.of("scope", "CLIENTS_ONLY", "newContactType", "Lead"));
        naming.put("conflictPolicy", null);
        put(firm, naming).then().statusCode(200).body("conflictPolicy", equalTo("XPM_WINS"))
                .body("newContactType", equalTo("Lead"));
        assertThat(storedPolicy(firm)).isEqualTo("XPM_WINS");

        // every save published the policy in force; the refused ones published nothing
        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.pending() == 0);
        EventCodec codec = new EventCodec();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(new KafkaTestClient(kafka)
                .readAll(Topics.SETTINGS, Duration.ofMillis(500)).stream()
                .filter(r -> firm.equals(r.key()))
                .map(r -> codec.decode(r.value(), SyncSettingsChanged.class).settings())
                .map(settings -> settings.conflictPolicy() + " " + settings.newContactType()))
                .containsExactly("ASK Client", "ASK Client", "XPM_WINS Client", "KARBON_WINS Client",
                        "MOST_RECENT Client", "XPM_WINS Client", "XPM_WINS Prospect", "XPM_WINS Lead"));
    }

    private static String storedPolicy(String firm) {
        return QuarkusTransaction.requiringNew()
                .call(() -> SyncSettingsEntity.<SyncSettingsEntity>findById(firm).conflictPolicy);
    }

    private static io.restassured.response.Response put(String firm, Map<String, Object> body) {
        return RestAssured.given().contentType(ContentType.JSON).body(body).put("/firms/" + firm + "/sync-settings");
    }

    private static ContactChanged byName(List<ContactChanged> events, String name) {
        return events.stream().filter(e -> e.contact().name().equals(name)).findFirst().orElseThrow();
    }
}
