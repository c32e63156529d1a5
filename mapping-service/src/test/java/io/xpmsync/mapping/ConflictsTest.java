package io.xpmsync.mapping;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.events.SyncSettings;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.TestTokens;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.MappingEntity;
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
 * No edit is silently lost on the way from XPM to Karbon (R21 and its decision): each XPM change is merged into the
 * Karbon contact field by field against the base both last agreed on; a field changed on both sides is a conflict the
 * firm's policy decides (ask by default: listed here, each system keeps its own); an XPM value read before the last
 * agreement never wins; resolving writes the chosen value and tells push-service what XPM lacks.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConflictsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void r21_a_field_changed_in_xpm_flows_while_another_changed_in_karbon_stays() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        Mapped kauri = mapped(firm, "Kauri Traders", "office@kauri.example", "09 300 1000");

        phoneInKarbon(firm, kauri, "09 300 2000");
        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(kauri.xpm, "accounts@kauri.example",
                List.of(new Phone("09 300 1000", "Phone")), false), kauri.karbonRef, List.of(), null));

        await().atMost(WAIT).until(() -> card(firm, kauri).emailAddresses().get(0).equals("accounts@kauri.example"));
        assertThat(card(firm, kauri).phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("09 300 2000");
        assertThat(conflicts(firm, "OPEN").getInt("total")).isZero();
    }

    @Test
    void r21_a_field_changed_on_both_sides_is_a_conflict_each_keeps_its_own_until_a_person_chooses() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        Mapped rimu = mapped(firm, "Rimu Tyres", "tyres@rimu.example", "09 400 1000");

        phoneInKarbon(firm, rimu, "09 400 2000");
        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(rimu.xpm, "tyres@rimu.example",
                List.of(new Phone("09 400 3000", "Phone")), false), rimu.karbonRef, List.of(), null));

        JsonPath open = await().atMost(WAIT).until(() -> conflicts(firm, "OPEN"), c -> c.getInt("total") == 1);
        assertThat(open.getString("items[0].contactName")).isEqualTo("Rimu Tyres");
        assertThat(open.getString("items[0].fieldLabel")).isEqualTo("Phone");
        assertThat(open.getString("items[0].xpmValue")).isEqualTo("09 400 3000");
        assertThat(open.getString("items[0].karbonValue")).isEqualTo("09 400 2000");
        assertThat(open.getString("items[0].baseValue")).isEqualTo("09 400 1000");
        assertThat(card(firm, rimu).phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("09 400 2000");
        FieldConflict opened = awaitConflict(firm, FieldConflict.Status.OPEN);
        assertThat(opened.field()).isEqualTo(SyncedField.PHONE);
        String id = open.getString("items[0].id");

        // the same XPM value read again updates nothing and opens nothing more
        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(rimu.xpm, "tyres@rimu.example",
                List.of(new Phone("09 400 3000", "Phone")), false), rimu.karbonRef, List.of(), null));

        RestAssured.given().auth().oauth2(TestTokens.personNamed("Rua Reader", List.of(firm.firmId), "firm-reader"))
                .contentType(ContentType.JSON).body(Map.of("choice", "XPM"))
                .post("/firms/" + firm.firmId + "/conflicts/" + id + "/resolve").then().statusCode(403);
        RestAssured.given().auth().oauth2(TestTokens.personNamed("Dana Smith", List.of(firm.firmId), "firm-admin"))
                .contentType(ContentType.JSON).body(Map.of("choice", "XPM"))
                .post("/firms/" + firm.firmId + "/conflicts/" + id + "/resolve").then().statusCode(200);

        assertThat(card(firm, rimu).phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("09 400 3000");
        assertThat(conflicts(firm, "OPEN").getInt("total")).isZero();
        JsonPath resolved = conflicts(firm, "RESOLVED");
        assertThat(resolved.getString("items[0].decidedByWords")).isEqualTo("Resolved by Dana Smith");
        assertThat(resolved.getString("items[0].resolvedValue")).isEqualTo("09 400 3000");
        FieldConflict done = awaitConflict(firm, FieldConflict.Status.RESOLVED);
        assertThat(done.xpmWrite()).as("XPM holds the chosen value already").isNull();
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("choice", "KARBON"))
                .post("/firms/" + firm.firmId + "/conflicts/" + id + "/resolve").then().statusCode(409);

        JsonPath history = RestAssured.get("/firms/" + firm.firmId + "/mappings/" + rimu.mapping.id + "/history")
                .then().statusCode(200).extract().jsonPath();
        assertThat(history.<String>getList("items.kind")).contains("CONFLICT_OPENED", "CONFLICT_RESOLVED");
        assertThat(history.<String>getList("items.summary")).anyMatch(s -> s.contains("Dana Smith")
                && s.contains("\u201c09 400 2000\u201d was overwritten") && s.contains("first seen")
                && s.matches(".*changed \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC.*"));
    }

    @Test
    void r21_with_karbon_wins_a_conflict_is_decided_at_once_and_xpm_is_told_what_to_write() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        policy(firm, ConflictPolicy.KARBON_WINS);
        Mapped matai = mapped(firm, "Matai Motors", "hello@matai.example", "09 500 1000");

        phoneInKarbon(firm, matai, "09 500 2000");
        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(matai.xpm, "hello@matai.example",
                List.of(new Phone("09 500 3000", "Phone")), false), matai.karbonRef, List.of(), null));

        FieldConflict decided = awaitConflict(firm, FieldConflict.Status.RESOLVED);
        assertThat(decided.policy()).isEqualTo(ConflictPolicy.KARBON_WINS);
        assertThat(decided.resolvedValue()).isEqualTo("09 500 2000");
        assertThat(decided.xpmWrite().phones().get(0).number()).isEqualTo("09 500 2000");
        assertThat(card(firm, matai).phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("09 500 2000");
        assertThat(conflicts(firm, "OPEN").getInt("total")).isZero();
        assertThat(conflicts(firm, "RESOLVED").getString("items[0].decidedByWords"))
                .isEqualTo("Decided by the rule: Karbon wins");
    }

    @Test
    void r21_with_xpm_wins_a_conflict_a_push_found_writes_xpms_value_to_karbon() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        policy(firm, ConflictPolicy.XPM_WINS);
        Mapped kowhai = mapped(firm, "Kowhai Cafe", "hi@kowhai.example", "09 550 1000");

        phoneInKarbon(firm, kowhai, "09 550 2000");
        ContactSnapshot xpmNow = KarbonFirm.with(kowhai.xpm, "hi@kowhai.example",
                List.of(new Phone("09 550 3000", "Phone")), false);
        ContactSnapshot karbonNow = new ContactSnapshot(kowhai.karbonRef, "Kowhai Cafe", null, null,
                List.of("hi@kowhai.example"), List.of(new Phone("09 550 2000", "Work")), null, null, null, "Client",
                List.of(), false, false, null).withComputedHash();
        firm.send(new ContactPushed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), kowhai.karbonRef, kowhai.xpm.ref(), PushOutcome.UNCHANGED, null, null, null, null,
                List.of(SyncedField.PHONE), xpmNow, karbonNow, Instant.now(), Instant.now()));

        await().atMost(WAIT).until(() -> card(firm, kowhai).phoneNumbers().get(0).number().equals("09 550 3000"));
        FieldConflict decided = awaitConflict(firm, FieldConflict.Status.RESOLVED);
        assertThat(decided.policy()).isEqualTo(ConflictPolicy.XPM_WINS);
        assertThat(decided.xpmWrite()).isNull();
    }

    @Test
    void r21_a_preview_sync_names_the_fields_a_sync_now_would_find_changed_on_both_sides() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        Mapped puriri = mapped(firm, "Puriri Paints", "hi@puriri.example", "09 560 1000");
        phoneInKarbon(firm, puriri, "09 560 2000");
        // Karbon's change feed says so (the platform, or matching-service from a webhook notice)
        firm.send(io.xpmsync.contracts.events.ContactChanged.of(firm.firmId, null,
                io.xpmsync.contracts.contact.SourceSystem.KARBON, io.xpmsync.contracts.events.ChangeKind.UPDATED,
                new ContactSnapshot(puriri.karbonRef, "Puriri Paints", null, null, List.of("hi@puriri.example"),
                        List.of(new Phone("09 560 2000", "Work")), null, null, null, "Client", List.of(), false, false,
                        null).withComputedHash()));
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> !MappingEntity
                .getEntityManager().createNativeQuery("SELECT 1 FROM karbon_seen WHERE firm_id = ?1")
                .setParameter(1, firm.firmId).getResultList().isEmpty()));

        UUID preview = UUID.randomUUID();
        firm.send(new io.xpmsync.contracts.events.MatchProposed(UUID.randomUUID(), firm.firmId, Instant.now(),
                EventType.SCHEMA_VERSION, preview, UUID.randomUUID(), MatchOutcome.LINKED,
                KarbonFirm.with(puriri.xpm, "hi@puriri.example", List.of(new Phone("09 560 3000", "Phone")), false),
                puriri.karbonRef, List.of(), null, true, Instant.now()));

        JsonPath records = await().atMost(WAIT).until(() -> RestAssured.given().queryParam("outcome", "LINKED_UPDATED")
                .get("/firms/" + firm.firmId + "/previews/" + preview + "/records").then().extract().jsonPath(),
                r -> Integer.valueOf(1).equals(r.get("total")));
        assertThat(records.getString("items[0].detail")).contains("changed in both systems",
                "Phone (XPM \u201c09 560 3000\u201d, Karbon \u201c09 560 2000\u201d): a conflict for a person to resolve");
        assertThat(card(firm, puriri).phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("09 560 2000");
        assertThat(conflicts(firm, "OPEN").getInt("total")).as("a preview opens nothing").isZero();
    }

    @Test
    void r21_an_xpm_value_read_before_the_two_systems_last_agreed_never_overwrites_the_agreement() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        Mapped tui = mapped(firm, "Tui Bakery", "hello@tui.example", "09 600 1000");
        Instant pollRead = Instant.now();

        // renamed in Karbon and written to XPM by push-service after the poll read XPM
        firm.karbon.updateOrganization(tui.karbonRef.id(), o -> new OrganizationDto(null, null, o.organizationKey(),
                "Tui Cakes", o.contactType(), o.userDefinedIdentifier(), o.restrictionLevel(),
                o.lastModifiedDateTime(), o.businessCards(), o.contacts()));
        Instant pushed = pollRead.plusSeconds(35);
        firm.send(new ContactPushed(UUID.randomUUID(), firm.firmId, pushed, EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), tui.karbonRef, tui.xpm.ref(), PushOutcome.UPDATED, null, null, null,
                List.of(new AgreedField(SyncedField.NAME, "Tui Cakes", "Tui Cakes", "Tui Cakes", pushed)), null,
                null, null, null, null));
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() ->
                io.xpmsync.mapping.persistence.FieldConflictEntity.getEntityManager().createNativeQuery(
                        "SELECT xpm_value FROM field_base WHERE mapping_id = ?1 AND field = 'NAME'")
                        .setParameter(1, tui.mapping.id).getResultList()).equals(List.of("Tui Cakes")));

        // the poll's old read arrives late
        firm.send(new io.xpmsync.contracts.events.MatchProposed(UUID.randomUUID(), firm.firmId, Instant.now(),
                EventType.SCHEMA_VERSION, firm.runId, UUID.randomUUID(), MatchOutcome.LINKED,
                KarbonFirm.with(tui.xpm, "office@tui.example", List.of(new Phone("09 600 1000", "Phone")), false),
                tui.karbonRef, List.of(), null, null, pollRead));

        await().atMost(WAIT).until(() -> card(firm, tui).emailAddresses().get(0).equals("office@tui.example"));
        assertThat(firm.karbon.getOrganization(tui.karbonRef.id()).fullName()).as("the rename is kept")
                .isEqualTo("Tui Cakes");
    }

    @Test
    void r21_the_same_value_typed_on_both_sides_is_no_conflict_and_no_write() {
        KarbonFirm firm = new KarbonFirm(kafka).ready();
        Mapped kea = mapped(firm, "Kea Cleaning", "hi@kea.example", "09 700 1000");
        phoneInKarbon(firm, kea, "09 700 2000");
        String modified = firm.karbon.getOrganization(kea.karbonRef.id()).lastModifiedDateTime();

        firm.send(firm.verdict(MatchOutcome.LINKED, KarbonFirm.with(kea.xpm, "hi@kea.example",
                List.of(new Phone("(09) 700-2000", "Phone")), false), kea.karbonRef, List.of(), null));

        await().atMost(WAIT).until(() -> RestAssured.get("/firms/" + firm.firmId + "/sync-runs/" + firm.runId
                + "/outcome").jsonPath().getInt("unchanged") == 1);
        assertThat(firm.karbon.getOrganization(kea.karbonRef.id()).lastModifiedDateTime()).isEqualTo(modified);
        assertThat(conflicts(firm, "OPEN").getInt("total")).isZero();
    }

    private record Mapped(ContactSnapshot xpm, ContactRef karbonRef, MappingEntity mapping) {
    }

    /** An XPM client and a Karbon Organization with the same values, matched exactly (their base agreed). */
    private static Mapped mapped(KarbonFirm firm, String name, String email, String phone) {
        OrganizationDto org = firm.karbon.createOrganization(new OrganizationRequest(name, "Client", null, null,
                List.of(new BusinessCardDto(null, null, null, true, null, null, List.of(email),
                        List.of(new PhoneNumberDto(null, phone, null, "Work")), List.of(), null))));
        ContactSnapshot xpm = KarbonFirm.with(KarbonFirm.company(name, email), email,
                List.of(new Phone(phone, "Phone")), false);
        xpm = new ContactSnapshot(xpm.ref(), name, null, null, List.of(email), List.of(new Phone(phone, "Phone")),
                null, null, "Company", null, List.of(), false, false, null).withComputedHash();
        ContactRef ref = ContactRef.karbonOrganization(org.organizationKey());
        firm.send(firm.verdict(MatchOutcome.EXACT, xpm, ref, List.of(), null));
        ContactSnapshot x = xpm;
        MappingEntity mapping = await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> MappingEntity.ofXpm(firm.firmId, x.ref().id())), Optional::isPresent).get();
        return new Mapped(xpm, ref, mapping);
    }

    private static void phoneInKarbon(KarbonFirm firm, Mapped m, String phone) {
        firm.karbon.updateOrganization(m.karbonRef.id(), o -> {
            BusinessCardDto c = o.businessCards().get(0);
            return new OrganizationDto(null, null, o.organizationKey(), o.fullName(), o.contactType(),
                    o.userDefinedIdentifier(), o.restrictionLevel(), o.lastModifiedDateTime(),
                    List.of(new BusinessCardDto(c.businessCardKey(), null, null, c.isPrimaryCard(), c.organizationKey(),
                            c.roleOrTitle(), c.emailAddresses(), List.of(new PhoneNumberDto(null, phone, null, "Work")),
                            c.addresses(), c.webSites())), o.contacts());
        });
    }

    private static BusinessCardDto card(KarbonFirm firm, Mapped m) {
        return firm.karbon.getOrganization(m.karbonRef.id()).businessCards().get(0);
    }

    private static JsonPath conflicts(KarbonFirm firm, String status) {
        return RestAssured.get("/firms/" + firm.firmId + "/conflicts?status=" + status).then().statusCode(200)
                .extract().jsonPath();
    }

    private static FieldConflict awaitConflict(KarbonFirm firm, FieldConflict.Status status) {
        return KarbonFirm.CODEC.decode(firm.kafka.awaitRecord(Topics.CONFLICTS, r -> firm.firmId.equals(r.key())
                && r.value().contains("\"status\":\"" + status.name() + "\""), WAIT).value(), FieldConflict.class);
    }

    private static void policy(KarbonFirm firm, ConflictPolicy policy) {
        firm.send(new SyncSettingsChanged(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION,
                null, new SyncSettings(SyncScope.CLIENTS_AND_CONTACTS, "Prospect", List.of(), true, List.of(), null,
                policy)));
        await().atMost(WAIT).until(() -> policy.name().equals(QuarkusTransaction.requiringNew().call(() ->
                ((FirmSettingsEntity) FirmSettingsEntity.findById(firm.firmId)).conflictPolicy)));
    }
}
