package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.persistence.PartialMatchEntity;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Preview verdicts: what Sync Now would do with each, by MatchHandler's rules, with nothing written to Karbon, no
 * mapping and no partial match; then the real verdicts of the next run compared with them.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SyncPreviewTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aPreviewSaysWhatSyncNowWouldDoWritesNothingAndTheNextRunIsComparedWithIt() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        OrganizationDto hill = firm.karbon.createOrganization(new OrganizationRequest("Hill Builders", "Client", null,
                null, List.of(new BusinessCardDto(null, null, null, true, null, null, List.of("office@hill.example"),
                List.of(), List.of(), null))));
        ContactRef hillRef = ContactRef.karbonOrganization(hill.organizationKey());
        ContactSnapshot acme = KarbonFirm.company("Acme Plumbing Ltd", "office@acme.example");
        ContactSnapshot jane = KarbonFirm.individual("Jane", "Doe", "jane@doe.example");
        ContactSnapshot hillXpm = KarbonFirm.company("Hill Builders", "office@hill.example");
        ContactSnapshot hillTwin = KarbonFirm.company("Hill Builders", "office@hill.example");
        ContactSnapshot harbour = KarbonFirm.company("Harbour Dental", "desk@harbour.example");
        ContactSnapshot archived = KarbonFirm.with(KarbonFirm.company("Old Mill Ltd", "mill@example.com"),
                "mill@example.com", List.of(), true);
        UUID preview = UUID.randomUUID();
        long karbonCalls = karbonWrites(firm);

        for (MatchProposed verdict : List.of(
                verdict(firm, preview, MatchOutcome.NEW, acme, null, List.of(), null, true),
                verdict(firm, preview, MatchOutcome.NEW, jane, null, List.of(), null, true),
                verdict(firm, preview, MatchOutcome.EXACT, hillXpm, hillRef, List.of(), null, true),
                // a second record matching the same Karbon contact: the first takes it, this one waits for a person
                verdict(firm, preview, MatchOutcome.EXACT, hillTwin, hillRef, List.of(), null, true),
                verdict(firm, preview, MatchOutcome.PARTIAL, harbour, null, List.of(new MatchCandidate(hillRef,
                        "Harbour Dental Group", List.of("desk@harbour.example"), 1, false, true, true, 0.8,
                        PartialReason.EMAIL_ONLY, null)), PartialReason.EMAIL_ONLY, true),
                verdict(firm, preview, MatchOutcome.NEW, archived, null, List.of(), null, true))) {
            firm.send(verdict);
        }
        // a preview record matching-service could not classify: failed in the preview, nothing kept to replay
        ContactSnapshot unreadable = KarbonFirm.company("Unclassified Traders Ltd", "hi@unclassified.example");
        firm.kafka.send("xpm.contacts.changed.v1.dlq.matching-service", firm.firmId, KarbonFirm.CODEC.encode(
                new ContactChanged(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, preview,
                        SourceSystem.XPM, ChangeKind.CREATED, unreadable).asPreview()),
                Map.of("dead-letter-reason", "index unavailable", "dead-letter-topic", "xpm.contacts.changed.v1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/firms/" + firm.firmId + "/sync-runs/"
                + preview + "/outcome").jsonPath().getInt("processed") == 7);
        assertThat(record(firm, preview, "FAILED", "unclassified")).containsEntry("detail",
                "matching-service could not classify it: index unavailable");
        assertThat(RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + preview + "/outcome").jsonPath()
                .getList("failures")).as("nothing kept to replay").isEmpty();

        JsonPath summary = RestAssured.get("/firms/" + firm.firmId + "/previews/" + preview).then().statusCode(200)
                .extract().jsonPath();
        assertThat(summary.getMap("counts")).containsEntry("CREATED", 2).containsEntry("EXACT", 1)
                .containsEntry("PARTIAL", 2).containsEntry("SKIPPED", 1).containsEntry("FAILED", 1);
        assertThat(summary.getInt("createdPeople")).isEqualTo(1);
        assertThat(summary.getInt("createdOrganizations")).isEqualTo(1);
        Map<String, Object> created = record(firm, preview, "CREATED", "jane");
        assertThat(created).containsEntry("xpmName", "Jane Doe").containsEntry("karbonKind", "KARBON_PERSON")
                .containsEntry("contactType", "Prospect")
                .containsEntry("detail", "created in Karbon as a person of Contact Type Prospect");
        assertThat((List<Map<String, Object>>) created.get("changes")).extracting(c -> c.get("field"))
                .contains("Name", "Email", "Phone");
        assertThat(RestAssured.given().queryParam("outcome", "PARTIAL").get("/firms/" + firm.firmId + "/previews/"
                + preview + "/records").jsonPath().<String>getList("items.detail")).containsExactlyInAnyOrder(
                "its match in Karbon is already matched with another XPM record",
                "same email as a Karbon contact, another name; candidates: Harbour Dental Group");
        assertThat(record(firm, preview, "SKIPPED", "mill")).containsEntry("detail", "archived in XPM: not imported");
        // nothing written: Karbon, mappings, partial matches
        assertThat(karbonWrites(firm)).isEqualTo(karbonCalls);
        assertThat(firm.karbon.getOrganization(hill.organizationKey()).businessCards().get(0).phoneNumbers())
                .isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> MappingEntity.count("firmId", firm.firmId)
                + PartialMatchEntity.count("firmId", firm.firmId))).isZero();

        // the real run: Acme changed its phone in XPM between the preview and the sync (the same verdict still), a
        // new client came, and the twin was not read again (its records are applied side by side, so which of two
        // twins takes the Karbon contact in a real run is not fixed; the preview takes them in order)
        UUID run = UUID.randomUUID();
        ContactSnapshot acmeChanged = KarbonFirm.with(acme, "office@acme.example", List.of(new Phone("09 555 0300",
                "Phone")), false);
        ContactSnapshot late = KarbonFirm.company("Late Arrival Ltd", "hi@late.example");
        for (MatchProposed verdict : List.of(
                verdict(firm, run, MatchOutcome.NEW, acmeChanged, null, List.of(), null, false),
                verdict(firm, run, MatchOutcome.NEW, jane, null, List.of(), null, false),
                verdict(firm, run, MatchOutcome.EXACT, hillXpm, hillRef, List.of(), null, false),
                verdict(firm, run, MatchOutcome.PARTIAL, harbour, null, List.of(), PartialReason.EMAIL_ONLY, false),
                verdict(firm, run, MatchOutcome.NEW, archived, null, List.of(), null, false),
                verdict(firm, run, MatchOutcome.NEW, late, null, List.of(), null, false))) {
            firm.send(verdict);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> RestAssured.get("/firms/" + firm.firmId + "/sync-runs/"
                + run + "/outcome").jsonPath().getInt("processed") == 6);
        JsonPath comparison = RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + run + "/preview-comparison")
                .then().statusCode(200).extract().jsonPath();
        assertThat(comparison.getString("previewRunId")).isEqualTo(preview.toString());
        assertThat(comparison.getInt("predicted")).isEqualTo(7);
        assertThat(comparison.getInt("asPredicted")).isEqualTo(5);
        List<Map<String, Object>> differences = comparison.getList("differences").stream()
                .map(d -> (Map<String, Object>) d).filter(d -> !unreadable.ref().id().equals(d.get("xpmId"))).toList();
        assertThat(differences).extracting(d -> d.get("xpmId")).containsExactly(hillTwin.ref().id(),
                late.ref().id());
        assertThat(differences.get(0)).containsEntry("predicted", "PARTIAL").containsEntry("actual", null);
        assertThat((String) differences.get(0).get("explanation")).startsWith("not done by this run");
        assertThat(differences.get(1)).containsEntry("xpmName", "Late Arrival Ltd").containsEntry("actual", "CREATED")
                .containsEntry("predicted", null);
        assertThat((String) differences.get(1).get("explanation")).startsWith("changed in XPM after the preview");
        assertThat(QuarkusTransaction.requiringNew().call(() -> MappingEntity.ofXpm(firm.firmId, acme.ref().id())))
                .isPresent();

        // only the first run after the preview is compared; a preview of another firm is not this firm's
        RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + UUID.randomUUID() + "/preview-comparison").then()
                .statusCode(404);
        RestAssured.get("/firms/firm-other/previews/" + preview).then().statusCode(404);
        RestAssured.given().queryParam("outcome", "MAYBE").get("/firms/" + firm.firmId + "/previews/" + preview
                + "/records").then().statusCode(400);
    }

    private static MatchProposed verdict(KarbonFirm firm, UUID runId, MatchOutcome outcome, ContactSnapshot xpm,
                                         ContactRef karbonRef, List<MatchCandidate> candidates, PartialReason reason,
                                         boolean preview) {
        return new MatchProposed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, runId,
                UUID.randomUUID(), outcome, xpm, karbonRef, candidates, reason, preview ? Boolean.TRUE : null);
    }

    private static Map<String, Object> record(KarbonFirm firm, UUID preview, String outcome, String search) {
        return RestAssured.given().queryParam("outcome", outcome).queryParam("search", search)
                .get("/firms/" + firm.firmId + "/previews/" + preview + "/records").then().statusCode(200).extract()
                .jsonPath().getMap("items[0]");
    }

    private static long karbonWrites(KarbonFirm firm) {
        JsonPath calls = RestAssured.get(KarbonStackResource.karbon().baseUrl() + "/admin/firms/" + firm.firmId
                + "/calls").jsonPath();
        return calls.getLong("total") - Optional.ofNullable(calls.getString("byMethod.GET")).map(Long::parseLong)
                .orElse(0L);
    }
}
