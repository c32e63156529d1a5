package io.xpmsync.push;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.client.xpm.XpmSnapshots;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.infra.RealInfraTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A push merges Karbon's change into what XPM holds, field by field against the base both last agreed on: an edit
 * made in XPM meanwhile survives (and is handed on to reach Karbon), a field changed on both sides stays as XPM holds
 * it and is reported as a conflict, and a resolved conflict writes its value to XPM (R21 and its decision).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PushMergeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void r21_an_email_edited_in_xpm_survives_the_push_of_a_phone_edited_in_karbon() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        Mapped kauri = mapped(firm, "Kauri Traders", "office@kauri.example", "09 300 1000");

        editXpm(firm, kauri, "<Email>accounts@kauri.example</Email>");
        ContactChanged phone = firm.karbonChanged(ConnectedFirm.organization(kauri.karbonKey, "Kauri Traders",
                "Client", "office@kauri.example", List.of(new Phone("09 300 2000", "Work")), null, null));

        ContactPushed pushed = awaitPushed(firm, phone);
        assertThat(pushed.outcome()).isEqualTo(PushOutcome.UPDATED);
        XpmClient after = firm.clients().get(0);
        assertThat(after.email()).as("XPM's edit is not overwritten").isEqualTo("accounts@kauri.example");
        assertThat(after.phone()).isEqualTo("09 300 2000");
        assertThat(pushed.pushedHash()).as("XPM holds an edit Karbon lacks: not an echo to swallow").isNull();
        assertThat(pushed.xpmRecord().emails()).containsExactly("accounts@kauri.example");
        assertThat(pushed.agreed()).extracting(AgreedField::field).contains(SyncedField.PHONE)
                .doesNotContain(SyncedField.EMAIL);
        assertThat(pushed.conflicts()).isNull();
    }

    @Test
    void r21_a_phone_changed_on_both_sides_stays_as_xpm_holds_it_and_is_reported_as_a_conflict() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        Mapped rimu = mapped(firm, "Rimu Tyres", "tyres@rimu.example", "09 400 1000");
        int writes = firm.writes().size();

        editXpm(firm, rimu, "<Phone>09 400 3000</Phone>");
        ContactChanged phone = firm.karbonChanged(ConnectedFirm.organization(rimu.karbonKey, "Rimu Tyres", "Client",
                "tyres@rimu.example", List.of(new Phone("09 400 2000", "Work")), null, null));

        ContactPushed pushed = awaitPushed(firm, phone);
        assertThat(pushed.outcome()).isEqualTo(PushOutcome.UNCHANGED);
        assertThat(pushed.conflicts()).containsExactly(SyncedField.PHONE);
        assertThat(pushed.karbonRecord().phones().get(0).number()).isEqualTo("09 400 2000");
        assertThat(pushed.xpmRecord().phones().get(0).number()).isEqualTo("09 400 3000");
        assertThat(firm.clients().get(0).phone()).isEqualTo("09 400 3000");
        assertThat(firm.writes()).hasSize(writes);

        // Karbon wins, by a person or the firm's rule: mapping-service says what XPM must hold
        ContactSnapshot xpmNow = XpmSnapshots.client(firm.clients().get(0));
        firm.send(new FieldConflict(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), UUID.randomUUID(), xpmNow.ref(), ContactRef.karbonOrganization(rimu.karbonKey),
                "Rimu Tyres", SyncedField.PHONE, FieldConflict.Status.RESOLVED, "09 400 3000", "09 400 2000",
                "09 400 1000", Instant.now(), Instant.now(), "09 400 2000", "Dana Smith", null,
                FieldValues.with(xpmNow, SyncedField.PHONE, pushed.karbonRecord()), pushed.karbonRecord()));
        await().atMost(Duration.ofSeconds(60)).until(() -> "09 400 2000".equals(firm.clients().get(0).phone()));
        assertThat(firm.clients().get(0).email()).isEqualTo("tyres@rimu.example");
    }

    private record Mapped(String uuid, String karbonKey) {
    }

    /** An XPM client and a Karbon Organization holding the same values, mapped, their base agreed. */
    private static Mapped mapped(ConnectedFirm firm, String name, String email, String phone) {
        String uuid = firm.addXpmClient("<Client><Name>" + name + "</Name><Email>" + email + "</Email><Phone>"
                + phone + "</Phone><BusinessStructure>Company</BusinessStructure></Client>");
        String key = "ORGM" + UUID.randomUUID().toString().substring(0, 8);
        ContactSnapshot xpm = XpmSnapshots.client(firm.clients().get(0));
        ContactSnapshot karbon = ConnectedFirm.organization(key, name, "Client", email,
                List.of(new Phone(phone, "Work")), null, null);
        Map<SyncedField, String> x = FieldValues.of(xpm);
        Map<SyncedField, String> k = FieldValues.of(karbon);
        Instant agreedAt = Instant.now().minusSeconds(60);
        List<AgreedField> base = x.keySet().stream().map(f -> new AgreedField(f, x.get(f), k.get(f),
                FieldValues.display(karbon, f), agreedAt)).toList();
        firm.send(new MappingConfirmed(UUID.randomUUID(), firm.firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                UUID.randomUUID(), ContactRef.xpmClient(uuid), ContactRef.karbonOrganization(key), MappingState.ACTIVE,
                MatchMethod.EXACT, null, base));
        firm.send(ContactChanged.of(firm.firmId, null, SourceSystem.XPM, ChangeKind.CREATED, xpm));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery("SELECT count(*) FROM"
                        + " field_base f JOIN xpm_view x ON x.firm_id = f.firm_id WHERE f.firm_id = ?1")
                        .setParameter(1, firm.firmId).getSingleResult()).toString().equals(
                        String.valueOf(SyncedField.values().length)));
        return new Mapped(uuid, key);
    }

    private static void editXpm(ConnectedFirm firm, Mapped m, String innerXml) {
        ConnectedFirm.sandbox().contentType("text/xml; charset=UTF-8").body("<Client><UUID>" + m.uuid + "</UUID>"
                + innerXml + "</Client>").put("/admin/practices/" + firm.tenantId + "/clients").then().statusCode(200);
    }

    private static ContactPushed awaitPushed(ConnectedFirm firm, ContactChanged change) {
        return ConnectedFirm.CODEC.decode(firm.kafka.awaitRecord(Topics.PUSHES_COMPLETED,
                r -> firm.firmId.equals(r.key()) && r.value().contains(change.eventId().toString()),
                Duration.ofSeconds(60)).value(), ContactPushed.class);
    }
}
