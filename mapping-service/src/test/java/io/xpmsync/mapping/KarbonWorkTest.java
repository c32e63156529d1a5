package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.mapping.persistence.MappingEntity;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Karbon work queue: the consumer never waits on Karbon, a firm held back by Karbon's 429s does not hold up
 * another firm, and a verdict Karbon refuses is counted as failed for its run and listed with its reason.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KarbonWorkTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aFirmInAStormOf429sDoesNotHoldUpAnotherFirm() {
        KarbonFirm stormy = new KarbonFirm(kafka).ready();
        KarbonFirm calm = new KarbonFirm(kafka).ready();
        RestAssured.given().baseUri(KarbonStackResource.karbon().baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("seconds", 12)).post("/admin/firms/" + stormy.firmId + "/throttle")
                .then().statusCode(204);

        List<ContactSnapshot> stormyClients = companies("Storm", 5);
        List<ContactSnapshot> calmClients = companies("Calm", 5);
        stormyClients.forEach(c -> stormy.send(stormy.verdict(MatchOutcome.NEW, c, null, List.of(), null)));
        calmClients.forEach(c -> calm.send(calm.verdict(MatchOutcome.NEW, c, null, List.of(), null)));

        await().atMost(Duration.ofSeconds(8)).until(() -> mapped(calm) == 5);
        assertThat(mapped(stormy)).as("the firm in the storm has nothing written yet").isZero();
        JsonPath work = RestAssured.get("/firms/" + stormy.firmId + "/karbon-work").then().statusCode(200)
                .extract().jsonPath();
        assertThat(work.getInt("pending")).isEqualTo(5);
        assertThat(work.getString("waitReason")).contains("429");
        assertThat(work.getString("waitsUntil")).isNotNull();

        await().atMost(Duration.ofSeconds(40)).until(() -> mapped(stormy) == 5);
        Map<String, Object> outcome = outcome(stormy);
        assertThat(outcome).containsEntry("created", 5).containsEntry("failed", 0).containsEntry("processed", 5);
        assertThat(RestAssured.get("/firms/" + stormy.firmId + "/karbon-work").jsonPath().getInt("pending")).isZero();
    }

    @Test
    void aVerdictKarbonRefusesCountsAsFailedAndIsListedWithItsReasonAndTheRunEnds() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot gone = KarbonFirm.company("Vanished Holdings Ltd", "hello@vanished.example");
        ContactSnapshot fine = KarbonFirm.company("Present Holdings Ltd", "hello@present.example");

        firm.send(firm.verdict(MatchOutcome.EXACT, gone, ContactRef.karbonOrganization("no-such-key"), List.of(),
                null));
        firm.send(firm.verdict(MatchOutcome.NEW, fine, null, List.of(), null));

        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) outcome(firm).get("processed")).intValue() == 2);
        JsonPath outcome = RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + firm.runId + "/outcome")
                .jsonPath();
        assertThat(outcome.getInt("failed")).isEqualTo(1);
        assertThat(outcome.getInt("created")).isEqualTo(1);
        assertThat(outcome.getString("failures[0].xpmName")).isEqualTo("Vanished Holdings Ltd");
        assertThat(outcome.getString("failures[0].reason")).contains("404");
        assertThat(mapped(firm)).isEqualTo(1);
    }

    @Test
    void aRecordOfTheRunThatMatchingServiceDeadLetteredCountsAsFailedWithItsReasonAndTheRunEnds() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot unclassified = KarbonFirm.company("Unclassified Traders Ltd", "hi@unclassified.example");
        ContactChanged change = new ContactChanged(UUID.randomUUID(), firm.firmId, Instant.now(),
                EventType.SCHEMA_VERSION, firm.runId, SourceSystem.XPM, ChangeKind.CREATED, unclassified);
        String deadLetter = KarbonFirm.CODEC.encode(change);
        Map<String, String> headers = Map.of("dead-letter-reason", "index unavailable",
                "dead-letter-topic", Topics.XPM_CONTACTS_CHANGED);
        firm.kafka.send("xpm.contacts.changed.v1.dlq.matching-service", firm.firmId, deadLetter, headers);
        firm.kafka.send("xpm.contacts.changed.v1.dlq.matching-service", firm.firmId, deadLetter, headers);
        firm.kafka.send("xpm.contacts.changed.v1.dlq.matching-service", firm.firmId, "not an event", headers);
        firm.send(firm.verdict(MatchOutcome.NEW, KarbonFirm.company("Classified Traders Ltd",
                "hi@classified.example"), null, List.of(), null));

        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) outcome(firm).get("processed")).intValue() == 2);
        JsonPath outcome = RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + firm.runId + "/outcome")
                .jsonPath();
        assertThat(outcome.getInt("failed")).as("told twice, counted once").isEqualTo(1);
        assertThat(outcome.getInt("created")).isEqualTo(1);
        assertThat(outcome.getString("failures[0].xpmName")).isEqualTo("Unclassified Traders Ltd");
        assertThat(outcome.getString("failures[0].reason"))
                .isEqualTo("matching-service could not classify it: index unavailable");
    }

    private static List<ContactSnapshot> companies(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> KarbonFirm.company(prefix + " Company " + i + " Ltd",
                prefix.toLowerCase() + i + "@companies.example")).toList();
    }

    private static long mapped(KarbonFirm firm) {
        return QuarkusTransaction.requiringNew().call(() -> MappingEntity.count("firmId", firm.firmId));
    }

    private static Map<String, Object> outcome(KarbonFirm firm) {
        return RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + firm.runId + "/outcome").jsonPath()
                .getMap("$");
    }

}
