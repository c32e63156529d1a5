package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.mapping.outbox.DebeziumRelay;
import io.xpmsync.mapping.persistence.MappingEntity;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every verdict's outcome, checked in the Karbon sandbox's data afterwards, field by field; MappingConfirmed relayed
 * by Debezium; idempotency; the relay stopped after the commit and before the send.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MappingFlowTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DebeziumRelay relay;

    @Test
    void aNewCompanyBecomesAKarbonOrganizationWithTheChosenTypeAndCard() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot acme = KarbonFirm.company("Acme Plumbing Ltd", "office@acme.example");

        firm.send(firm.verdict(MatchOutcome.NEW, acme, null, List.of(), null));

        MappingEntity mapping = awaitMapping(firm, acme);
        assertThat(mapping.method).isEqualTo("CREATED_IN_KARBON");
        OrganizationDto org = firm.karbon.getOrganization(mapping.karbonKey);
        assertThat(org.fullName()).isEqualTo("Acme Plumbing Ltd");
        assertThat(org.contactType()).isEqualTo("Prospect");
        BusinessCardDto card = org.businessCards().get(0);
        assertThat(card.emailAddresses()).containsExactly("office@acme.example");
        assertThat(card.phoneNumbers()).extracting(p -> p.number() + "/" + p.label())
                .containsExactly("09 555 0100/Work", "09 555 0199/Fax");
        assertThat(card.addresses()).extracting(a -> a.label() + ":" + a.addressLines() + "," + a.city() + ","
                + a.zipCode()).containsExactly("Physical:12 Queen Street\nLevel 3,Auckland,1010",
                "Mailing:PO Box 77,Auckland,1140");
        MappingConfirmed confirmed = awaitConfirmed(firm, mapping.id.toString(), MappingState.ACTIVE);
        assertThat(confirmed.method()).isEqualTo(MatchMethod.CREATED_IN_KARBON);
        assertThat(confirmed.karbonRef()).isEqualTo(ContactRef.karbonOrganization(mapping.karbonKey));
        assertThat(confirmed.syncedHash()).isEqualTo(acme.contentHash());
    }

    @Test
    void individualsBecomePeopleAndContactsArePeopleLinkedToTheirClientsOrganization() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot jane = KarbonFirm.individual("Jane", "Doe", "jane@doe.example");
        ContactSnapshot acme = KarbonFirm.company("Acme Ltd", "office@acme.example");
        ContactSnapshot mere = KarbonFirm.contactOf(acme, "Mere Te Tane", "mere@acme.example");

        firm.send(firm.verdict(MatchOutcome.NEW, jane, null, List.of(), null));
        firm.send(firm.verdict(MatchOutcome.NEW, acme, null, List.of(), null));
        firm.send(firm.verdict(MatchOutcome.NEW, mere, null, List.of(), null));

        ContactDto person = firm.karbon.getContact(awaitMapping(firm, jane).karbonKey);
        assertThat(person.firstName()).isEqualTo("Jane");
        assertThat(person.lastName()).isEqualTo("Doe");
        assertThat(person.contactType()).isEqualTo("Prospect");
        String orgKey = awaitMapping(firm, acme).karbonKey;
        MappingEntity contact = awaitMapping(firm, mere);
        assertThat(contact.karbonKind).isEqualTo("KARBON_PERSON");
        ContactDto linked = firm.karbon.getContact(contact.karbonKey);
        assertThat(linked.firstName()).isEqualTo("Mere Te");
        assertThat(linked.lastName()).isEqualTo("Tane");
        assertThat(linked.businessCards().get(0).organizationKey()).isEqualTo(orgKey);
        assertThat(linked.businessCards().get(0).phoneNumbers()).extracting(p -> p.label()).containsExactly("Mobile");
    }

    @Test
    void exactAndLinkedWriteOnlyWhatDiffers() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        OrganizationDto existing = firm.karbon.createOrganization(new OrganizationRequest("Hill Builders", "Client",
                "HILL", null, List.of(new BusinessCardDto(null, null, null, true, null, "Owner",
                List.of("office@hill.example", "owner@hill.example"), List.of(), List.of(), List.of("https://hill.example")))));
        ContactSnapshot hill = KarbonFirm.with(KarbonFirm.company("Hill Builders", "office@hill.example"),
                "office@hill.example", List.of(new Phone("09 111 2222", "Phone")), false);

        firm.send(firm.verdict(MatchOutcome.EXACT, hill, ContactRef.karbonOrganization(existing.organizationKey()),
                List.of(), null));
        MappingEntity mapping = awaitMapping(firm, hill);
        assertThat(mapping.method).isEqualTo("EXACT");
        OrganizationDto after = firm.karbon.getOrganization(existing.organizationKey());
        assertThat(after.contactType()).isEqualTo("Client");
        assertThat(after.userDefinedIdentifier()).isEqualTo("HILL");
        BusinessCardDto card = after.businessCards().get(0);
        assertThat(card.emailAddresses()).containsExactly("office@hill.example", "owner@hill.example");
        assertThat(card.phoneNumbers()).extracting(p -> p.number()).containsExactly("09 111 2222");
        assertThat(card.roleOrTitle()).isEqualTo("Owner");
        assertThat(card.webSites()).containsExactly("https://hill.example");

        ContactSnapshot changed = KarbonFirm.with(hill, "accounts@hill.example", List.of(new Phone("09 111 3333",
                "Phone")), false);
        firm.send(firm.verdict(MatchOutcome.LINKED, changed, ContactRef.karbonOrganization(existing.organizationKey()),
                List.of(), null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(firm.karbon
                .getOrganization(existing.organizationKey()).businessCards().get(0).emailAddresses())
                .containsExactly("accounts@hill.example", "owner@hill.example"));
        String modified = firm.karbon.getOrganization(existing.organizationKey()).lastModifiedDateTime();
        assertThat(firm.karbon.getOrganization(existing.organizationKey()).businessCards().get(0).phoneNumbers())
                .extracting(p -> p.number()).containsExactly("09 111 3333");

        firm.send(firm.verdict(MatchOutcome.LINKED, changed, ContactRef.karbonOrganization(existing.organizationKey()),
                List.of(), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(firm).get("unchanged").equals(1));
        assertThat(firm.karbon.getOrganization(existing.organizationKey()).lastModifiedDateTime()).isEqualTo(modified);
        assertThat(outcome(firm)).containsEntry("exact", 1).containsEntry("linkedUpdated", 1)
                .containsEntry("unchanged", 1).containsEntry("processed", 3);
    }

    @Test
    void theSameVerdictTwiceCreatesOneContactAndOneMapping() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot twice = KarbonFirm.company("Twice Delivered Ltd", "twice@example.com");
        MatchProposed verdict = firm.verdict(MatchOutcome.NEW, twice, null, List.of(), null);

        firm.send(verdict);
        firm.send(verdict);
        awaitMapping(firm, twice);
        firm.send(firm.verdict(MatchOutcome.NEW, KarbonFirm.company("Marker Ltd", "m@example.com"), null, List.of(),
                null));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(firm).get("processed").equals(2));

        assertThat(firm.karbon.listOrganizations("FullName eq 'Twice Delivered Ltd'")).hasSize(1);
        long mappings = QuarkusTransaction.requiringNew().call(() -> MappingEntity.count("firmId = ?1 and xpmId = ?2",
                firm.firmId, twice.ref().id()));
        assertThat(mappings).isEqualTo(1);
    }

    @Test
    void archivedAndDeletedRecordsCreateNothingAndMarkTheirMapping() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot kept = KarbonFirm.company("Kept Ltd", "kept@example.com");
        firm.send(firm.verdict(MatchOutcome.NEW, kept, null, List.of(), null));
        MappingEntity mapping = awaitMapping(firm, kept);
        String modified = firm.karbon.getOrganization(mapping.karbonKey).lastModifiedDateTime();

        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(kept, "new@example.com", List.of(), true),
                mapping.karbonRef(), List.of(), null));
        ContactSnapshot gone = KarbonFirm.with(KarbonFirm.company("Never Ltd", "never@example.com"), "never@example.com",
                List.of(), true);
        firm.send(firm.verdict(MatchOutcome.NEW, gone, null, List.of(), null));

        awaitConfirmed(firm, mapping.id.toString(), MappingState.XPM_ARCHIVED);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(firm).get("skipped").equals(2));
        assertThat(firm.karbon.getOrganization(mapping.karbonKey).lastModifiedDateTime()).isEqualTo(modified);
        assertThat(firm.karbon.listOrganizations("FullName eq 'Never Ltd'")).isEmpty();
        RestAssured.get("/firms/" + firm.firmId + "/mappings?search=kept").then().statusCode(200)
                .body("items[0].state", equalTo("XPM_ARCHIVED"));
    }

    @Test
    void partialMatchesWaitWithTheirEvidenceAndAreResolvedBothWays() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        OrganizationDto candidate = firm.karbon.createOrganization(new OrganizationRequest("Harbour Dental Group", "Client",
                null, null, List.of(new BusinessCardDto(null, null, null, true, null, null,
                List.of("reception@harbour.example"), List.of(), List.of(), null))));
        ContactSnapshot harbour = KarbonFirm.company("Harbour Dental", "reception@harbour.example");
        ContactSnapshot other = KarbonFirm.company("Harbour Dental Partners", "partners@harbour.example");
        MatchCandidate evidence = new MatchCandidate(ContactRef.karbonOrganization(candidate.organizationKey()),
                "Harbour Dental Group", List.of("reception@harbour.example"), 1, false, true, true, 0.8,
                PartialReason.EMAIL_ONLY, null);
        firm.send(firm.verdict(MatchOutcome.PARTIAL, harbour, null, List.of(evidence), PartialReason.EMAIL_ONLY));
        firm.send(firm.verdict(MatchOutcome.PARTIAL, other, null, List.of(evidence), PartialReason.NAME_ONLY));

        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/firms/" + firm.firmId
                + "/partial-matches").jsonPath().getInt("total") == 2);
        Map<String, Object> first = RestAssured.get("/firms/" + firm.firmId + "/partial-matches").jsonPath()
                .getMap("items.find { it.xpmRecord.name == 'Harbour Dental' }");
        assertThat(first.get("reason")).isEqualTo("EMAIL_ONLY");
        String partialId = (String) first.get("id");
        RestAssured.get("/firms/" + firm.firmId + "/partial-matches/" + partialId).then().statusCode(200)
                .body("candidates[0].emailMatches", equalTo(true)).body("candidates[0].nameMatches", equalTo(false));

        confirm(firm, partialId, "not-a-candidate").then().statusCode(400);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> confirm(firm, partialId,
                candidate.organizationKey()).statusCode());
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> confirm(firm, partialId,
                candidate.organizationKey()).statusCode());
        assertThat(List.of(a.join(), b.join())).containsExactlyInAnyOrder(200, 409);
        confirm(firm, partialId, candidate.organizationKey()).then().statusCode(409);
        MappingEntity confirmed = awaitMapping(firm, harbour);
        assertThat(confirmed.method).isEqualTo("CONFIRMED_BY_USER");
        assertThat(confirmed.karbonKey).isEqualTo(candidate.organizationKey());

        String otherId = RestAssured.get("/firms/" + firm.firmId + "/partial-matches").jsonPath()
                .getString("items[0].id");
        confirm(firm, otherId, candidate.organizationKey()).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("already mapped"));
        RestAssured.post("/firms/" + firm.firmId + "/partial-matches/" + otherId + "/create-new").then()
                .statusCode(200).body("method", equalTo("CREATED_BY_USER"));
        MappingEntity created = awaitMapping(firm, other);
        assertThat(firm.karbon.getOrganization(created.karbonKey).fullName()).isEqualTo("Harbour Dental Partners");
        assertThat(firm.karbon.getOrganization(created.karbonKey).contactType()).isEqualTo("Prospect");
        RestAssured.get("/firms/" + firm.firmId + "/partial-matches").then().body("total", equalTo(0));
        RestAssured.post("/firms/" + firm.firmId + "/partial-matches/" + otherId + "/create-new").then()
                .statusCode(409);
    }

    @Test
    void aContactsTimelineSaysHowItWasMappedWhatWasWrittenEitherWayWhatFailedAndWhoRemovedIt() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        OrganizationDto existing = firm.karbon.createOrganization(new OrganizationRequest("Quay Joinery", "Client",
                null, null, List.of(new BusinessCardDto(null, null, null, true, null, null,
                List.of("office@quay.example"), List.of(), List.of(), null))));
        ContactRef karbonRef = ContactRef.karbonOrganization(existing.organizationKey());
        ContactSnapshot quay = KarbonFirm.with(KarbonFirm.company("Quay Joinery", "office@quay.example"),
                "office@quay.example", List.of(new Phone("09 222 1000", "Phone")), false);
        firm.send(firm.verdict(MatchOutcome.EXACT, quay, karbonRef, List.of(), null));
        MappingEntity mapping = awaitMapping(firm, quay);

        // a change made in XPM, written to Karbon
        ContactSnapshot moved = KarbonFirm.with(quay, "accounts@quay.example", List.of(new Phone("09 222 1000",
                "Phone")), false);
        firm.send(firm.verdict(MatchOutcome.LINKED, moved, karbonRef, List.of(), null));
        String history = "/firms/" + firm.firmId + "/mappings/" + mapping.id + "/history";
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get(history).jsonPath().getInt("total") == 2);
        // a change made in Karbon, written to XPM by push-service; then one XPM refused
        firm.send(new ContactPushed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), karbonRef, ContactRef.xpmClient(quay.ref().id()), PushOutcome.UPDATED, null, null,
                List.of(new FieldChange("Name", "Quay Joinery", "Quay Joinery Ltd"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get(history).jsonPath().getInt("total") == 3);
        firm.send(new ContactPushed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), karbonRef, ContactRef.xpmClient(quay.ref().id()), PushOutcome.FAILED,
                "XPM answered 400: Name is required", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get(history).jsonPath().getInt("total") == 4);

        // Remove Match, by a named person
        RestAssured.given().auth().oauth2(io.xpmsync.infra.testing.TestTokens.personNamed("Dana Smith",
                List.of(firm.firmId), "firm-admin")).delete("/firms/" + firm.firmId + "/mappings/" + mapping.id)
                .then().statusCode(200);

        var timeline = RestAssured.get(history).then().statusCode(200).extract().jsonPath();
        assertThat(timeline.getString("xpmName")).isEqualTo("Quay Joinery");
        assertThat(timeline.getInt("total")).isEqualTo(5);
        assertThat(timeline.<String>getList("items.kind")).containsExactly("REMOVED", "PUSH_FAILED", "WRITTEN_TO_XPM",
                "WRITTEN_TO_KARBON", "MAPPED");
        assertThat(timeline.getString("items[0].summary")).isEqualTo("Match removed by Dana Smith");
        assertThat(timeline.getString("items[1].summary")).contains("XPM answered 400: Name is required");
        assertThat(timeline.<Map<String, Object>>getList("items[2].changes")).containsExactly(Map.of("field", "Name",
                "before", "Quay Joinery", "after", "Quay Joinery Ltd"));
        assertThat(timeline.getString("items[2].wrote")).isEqualTo("XPM");
        assertThat(timeline.<Map<String, Object>>getList("items[3].changes")).containsExactly(Map.of("field", "Email",
                "before", "office@quay.example", "after", "accounts@quay.example"));
        assertThat(timeline.getString("items[3].wrote")).isEqualTo("KARBON");
        assertThat(timeline.getString("items[4].method")).isEqualTo("EXACT");
        // matched exactly, and what XPM holds and Karbon's card did not written to it (the name and email agreed)
        assertThat(timeline.<Map<String, Object>>getList("items[4].changes")).extracting(c -> c.get("field"))
                .contains("Phone").doesNotContain("Name", "Email");

        // a page at a time; an unknown mapping, another firm's or a bad page are refused in words
        RestAssured.get(history + "?page=1&size=2").then().statusCode(200).body("items.size()", equalTo(2))
                .body("items[0].kind", equalTo("WRITTEN_TO_XPM")).body("total", equalTo(5));
        RestAssured.get("/firms/" + firm.firmId + "/mappings/" + UUID.randomUUID() + "/history").then()
                .statusCode(404);
        RestAssured.get("/firms/firm-other/mappings/" + mapping.id + "/history").then().statusCode(404);
        RestAssured.get(history + "?size=500").then().statusCode(400);
    }

    @Test
    void aProspectConvertedToAClientKeepsItsOneKarbonContactWhoseMappingNowNamesTheClient() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot prospect = KarbonFirm.company("Rimu Cafe Ltd", "hello@rimu.example");
        firm.send(firm.verdict(MatchOutcome.NEW, prospect, null, List.of(), null));
        MappingEntity before = awaitMapping(firm, prospect);

        // XPM gives the converted client a new UUID; without the conversion named it would be a partial match
        ContactSnapshot client = new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()),
                prospect.name(), null, null, prospect.emails(), prospect.phones(), prospect.physicalAddress(),
                prospect.mailingAddress(), prospect.businessStructure(), null, List.of(), false, false, null)
                .withComputedHash();
        ContactRef karbonRef = ContactRef.karbonOrganization(before.karbonKey);
        firm.send(new MatchProposed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION,
                firm.runId, UUID.randomUUID(), MatchOutcome.PARTIAL, client, null, List.of(new MatchCandidate(
                karbonRef, "Rimu Cafe Ltd", List.of("hello@rimu.example"), 1, true, true, true, 1.0,
                PartialReason.CANDIDATE_ALREADY_MAPPED, prospect.ref())), PartialReason.CANDIDATE_ALREADY_MAPPED,
                null, Instant.now(), prospect.ref()));

        MappingEntity after = awaitMapping(firm, client);
        assertThat(after.id).isEqualTo(before.id);
        assertThat(after.karbonKey).isEqualTo(before.karbonKey);
        assertThat(after.state).isEqualTo("ACTIVE");
        assertThat(QuarkusTransaction.requiringNew().call(() -> MappingEntity.ofXpm(firm.firmId, prospect.ref().id())))
                .as("no mapping left on the prospect").isEmpty();
        assertThat(RestAssured.get("/firms/" + firm.firmId + "/partial-matches").jsonPath().getList("items"))
                .as("no partial match").isEmpty();
        assertThat(firm.karbon.listOrganizations(null).stream().filter(o -> o.fullName().equals("Rimu Cafe Ltd")))
                .as("one Karbon contact").hasSize(1);
        MappingConfirmed carriedOver = awaitConfirmed(firm, client.ref().id(), MappingState.ACTIVE);
        assertThat(carriedOver.mappingId()).isEqualTo(before.id);
        assertThat(carriedOver.karbonRef()).isEqualTo(karbonRef);
        var timeline = RestAssured.get("/firms/" + firm.firmId + "/mappings/" + before.id + "/history").jsonPath();
        assertThat(timeline.<String>getList("items.kind")).contains("CONVERTED_FROM_PROSPECT", "MAPPED");
        assertThat(timeline.<String>getList("items.summary")).anySatisfy(summary -> assertThat(summary)
                .startsWith("Converted from prospect to client in XPM").contains(prospect.ref().id(),
                        client.ref().id()));
    }

    @Test
    void aClientCreatedInXpmByPushBecomesAMapping() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactRef karbon = ContactRef.karbonOrganization("ORG-" + firm.firmId.substring(5, 13));
        ContactRef xpm = ContactRef.xpmClient(java.util.UUID.randomUUID().toString());
        firm.send(firm.pushed(karbon, xpm));
        MappingEntity mapping = await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> MappingEntity.ofXpm(firm.firmId, xpm.id())), Optional::isPresent).get();
        assertThat(mapping.method).isEqualTo("CREATED_IN_XPM");
        assertThat(mapping.karbonKey).isEqualTo(karbon.id());
    }

    @Test
    void aMappingCommittedWhileTheRelayIsDownIsDeliveredWhenItIsBackWithTheSameEventId() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        ContactSnapshot acme = KarbonFirm.company("Relay Check Ltd", "relay@example.com");
        firm.send(firm.verdict(MatchOutcome.NEW, acme, null, List.of(), null));
        MappingEntity mapping = awaitMapping(firm, acme);
        awaitConfirmed(firm, mapping.id.toString(), MappingState.ACTIVE);

        relay.stop();
        try {
            RestAssured.delete("/firms/" + firm.firmId + "/mappings/" + mapping.id).then().statusCode(200)
                    .body("state", equalTo("REMOVED"));
            String eventId = QuarkusTransaction.requiringNew().call(() -> (String) MappingEntity.getEntityManager()
                    .createNativeQuery("SELECT CAST(event_id AS VARCHAR) FROM outbox_event WHERE payload LIKE ?1 AND"
                            + " payload LIKE '%REMOVED%'").setParameter(1, "%" + mapping.id + "%").getSingleResult());
            assertThat(new io.xpmsync.infra.testing.KafkaTestClient(kafka).readAll(Topics.MAPPINGS_CONFIRMED,
                    Duration.ofSeconds(2)).stream().map(r -> r.value()).filter(v -> v.contains(eventId))).isEmpty();

            relay.start();
            MappingConfirmed removed = awaitConfirmed(firm, mapping.id.toString(), MappingState.REMOVED);
            assertThat(removed.eventId()).hasToString(eventId);
        } finally {
            relay.start();
        }
    }

    @Test
    void restEndpointsRefuseBadInput() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        String base = "/firms/" + firm.firmId;
        RestAssured.get(base + "/mappings?sort=shoeSize").then().statusCode(400)
                .contentType("application/problem+json");
        RestAssured.get(base + "/mappings?order=sideways").then().statusCode(400);
        RestAssured.get(base + "/mappings?page=-1").then().statusCode(400);
        RestAssured.get(base + "/mappings?size=1000").then().statusCode(400);
        RestAssured.get("/firms/bad firm!/mappings").then().statusCode(400);
        RestAssured.delete(base + "/mappings/not-an-id").then().statusCode(400);
        RestAssured.delete(base + "/mappings/" + java.util.UUID.randomUUID()).then().statusCode(404);
        RestAssured.get(base + "/partial-matches/" + java.util.UUID.randomUUID()).then().statusCode(404);
        RestAssured.given().contentType(ContentType.JSON).body("{}").post(base + "/partial-matches/"
                + java.util.UUID.randomUUID() + "/confirm").then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body("{\"karbonKey\": ").post(base + "/partial-matches/"
                + java.util.UUID.randomUUID() + "/confirm").then().statusCode(400);
        RestAssured.get(base + "/sync-runs/nope/outcome").then().statusCode(400);
        RestAssured.get(base + "/sync-runs/" + firm.runId + "/outcome").then().statusCode(200)
                .body("processed", equalTo(0));

        ContactSnapshot acme = KarbonFirm.company("Zeta Listing Ltd", "zeta@example.com");
        firm.send(firm.verdict(MatchOutcome.NEW, acme, null, List.of(), null));
        firm.send(firm.verdict(MatchOutcome.NEW, KarbonFirm.company("Alpha Listing Ltd", "alpha@example.com"), null,
                List.of(), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get(base + "/mappings").jsonPath()
                .getInt("total") == 2);
        RestAssured.get(base + "/mappings?sort=xpmName&order=desc&size=1").then().statusCode(200)
                .body("items[0].xpmName", equalTo("Zeta Listing Ltd")).body("total", equalTo(2));
        RestAssured.get(base + "/mappings?search=ALPHA").then().body("items[0].xpmName", equalTo("Alpha Listing Ltd"))
                .body("total", equalTo(1));
        String id = RestAssured.get(base + "/mappings?search=zeta").jsonPath().getString("items[0].id");
        RestAssured.delete(base + "/mappings/" + id).then().statusCode(200);
        RestAssured.delete(base + "/mappings/" + id).then().statusCode(409);
        RestAssured.get(base + "/mappings").then().body("total", equalTo(1));
    }


    private static io.restassured.response.Response confirm(KarbonFirm firm, String partialId, String key) {
        return RestAssured.given().contentType(ContentType.JSON).body(Map.of("karbonKey", key))
                .post("/firms/" + firm.firmId + "/partial-matches/" + partialId + "/confirm");
    }

    private static Map<String, Object> outcome(KarbonFirm firm) {
        return RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + firm.runId + "/outcome").jsonPath().getMap("$");
    }

    private static MappingEntity awaitMapping(KarbonFirm firm, ContactSnapshot xpm) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> MappingEntity.ofXpm(firm.firmId, xpm.ref().id())), Optional::isPresent).get();
    }

    private MappingConfirmed awaitConfirmed(KarbonFirm firm, String mappingId, MappingState state) {
        return KarbonFirm.CODEC.decode(firm.kafka.awaitRecord(Topics.MAPPINGS_CONFIRMED, r -> firm.firmId.equals(r.key())
                && r.value().contains(mappingId) && r.value().contains("\"" + state.name() + "\""),
                Duration.ofSeconds(60)).value(), MappingConfirmed.class);
    }
}
