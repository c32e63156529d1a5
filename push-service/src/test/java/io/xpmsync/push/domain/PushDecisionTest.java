package io.xpmsync.push.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.push.domain.PushFacts.LinkedOrganization;
import io.xpmsync.push.domain.PushFacts.XpmLink;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's push rules, one case each, as a plain function: no Kafka, no database, no XPM. */
class PushDecisionTest {

    private static final Instant CONNECTED = Instant.parse("2026-11-01T00:00:00Z");
    private static final List<String> CLIENTS = List.of("Client");
    private static final ContactSnapshot ACME = new ContactSnapshot(ContactRef.karbonOrganization("ORG1"), "Acme Ltd",
            null, null, List.of("office@acme.example"), List.of(), null, null, null, "Client", List.of(), false, false,
            null);
    private static final ContactSnapshot MERE = new ContactSnapshot(ContactRef.karbonPerson("PER1"), "Mere Tane",
            "Mere", "Tane", List.of("mere@acme.example"), List.of(), null, null, null, "Client",
            List.of(ContactRef.karbonOrganization("ORG1"), ContactRef.karbonOrganization("ORG2")), false, false, null);
    private static final XpmLink ACME_CLIENT = new XpmLink("c-acme", true, "ACTIVE");

    private static PushFacts org(ContactSnapshot change, List<String> types, XpmLink mapping, String xpmHolds) {
        return new PushFacts(change, CONNECTED.plusSeconds(60), "proj:acme", types, CONNECTED, mapping, xpmHolds,
                null, null, null, List.of());
    }

    private static PushFacts person(XpmLink mapping, String xpmHolds, LinkedOrganization... organizations) {
        return new PushFacts(MERE, CONNECTED.plusSeconds(60), "proj:mere", CLIENTS, CONNECTED, mapping, xpmHolds,
                null, null, null, List.of(organizations));
    }

    @Test
    void nothingIsPushedWhileNoContactTypeIsSelected() {
        assertThat(PushRules.decide(org(ACME, List.of(), null, null)))
                .isInstanceOfSatisfying(PushDecision.Skip.class, s -> assertThat(s.reason()).contains("no Contact Type"));
    }

    @Test
    void aChangeMadeBeforeTheFirmConnectedIsNotPushed() {
        PushFacts before = new PushFacts(ACME, CONNECTED.minusSeconds(1), "proj:acme", CLIENTS, CONNECTED, null, null,
                null, null, null, List.of());
        assertThat(PushRules.decide(before)).isInstanceOfSatisfying(PushDecision.Skip.class,
                s -> assertThat(s.reason()).contains("before the firm connected"));
        PushFacts unknownTime = new PushFacts(ACME, null, "proj:acme", CLIENTS, CONNECTED, null, null, null, null,
                null, List.of());
        assertThat(PushRules.decide(unknownTime)).isEqualTo(new PushDecision.Create(false, null));
    }

    @Test
    void anOrganizationOfASelectedTypeIsCreatedWhenUnmappedAndUpdatedWhenMapped() {
        assertThat(PushRules.decide(org(ACME, List.of(" client "), null, null)))
                .isEqualTo(new PushDecision.Create(false, null));
        assertThat(PushRules.decide(org(ACME, CLIENTS, ACME_CLIENT, "proj:older")))
                .isEqualTo(new PushDecision.Update("c-acme", false, null));
    }

    @Test
    void anOrganizationOfAnotherTypeIsNotPushed() {
        assertThat(PushRules.decide(org(ACME, List.of("Supplier"), null, null)))
                .isInstanceOfSatisfying(PushDecision.Skip.class, s -> assertThat(s.reason())
                        .isEqualTo("Contact Type 'Client' is not among the types pushed to XPM"));
    }

    @Test
    void whatXpmAlreadyHoldsIsNotWrittenAgain() {
        assertThat(PushRules.decide(org(ACME, CLIENTS, ACME_CLIENT, "proj:acme")))
                .isEqualTo(new PushDecision.Unchanged("c-acme", false));
    }

    @Test
    void anArchivedOrRemovedXpmClientIsNotWritten() {
        assertThat(PushRules.decide(org(ACME, CLIENTS, new XpmLink("c-acme", true, "XPM_ARCHIVED"), null)))
                .isInstanceOfSatisfying(PushDecision.Skip.class, s -> assertThat(s.reason())
                        .isEqualTo("its XPM client is xpm archived"));
    }

    @Test
    void aCandidateOfAnOpenPartialMatchIsNotCreated() {
        PushFacts held = new PushFacts(ACME, null, "proj:acme", CLIENTS, CONNECTED, null, null, "x-partial", null,
                "x-twin", List.of());
        assertThat(PushRules.decide(held)).isInstanceOfSatisfying(PushDecision.Skip.class,
                s -> assertThat(s.reason()).contains("open partial match for XPM record x-partial"));
    }

    @Test
    void aContactCreatedFromAnUnmappedXpmRecordWaitsForItsMappingInsteadOfMakingATwin() {
        PushFacts remembered = new PushFacts(ACME, null, "proj:acme", CLIENTS, CONNECTED, null, null, null, "x-from",
                "x-twin", List.of());
        assertThat(PushRules.decide(remembered)).isEqualTo(new PushDecision.AwaitMapping("x-from", false));
        PushFacts found = new PushFacts(ACME, null, "proj:acme", CLIENTS, CONNECTED, null, null, null, null,
                "x-twin", List.of());
        assertThat(PushRules.decide(found)).isEqualTo(new PushDecision.AwaitMapping("x-twin", true));
    }

    @Test
    void aPersonGoesOnlyThroughAnOrganizationThatIsSyncedAndOfASelectedType() {
        LinkedOrganization unmapped = new LinkedOrganization("ORG2", "Client", null);
        LinkedOrganization supplier = new LinkedOrganization("ORG3", "Supplier", new XpmLink("c-sup", true, "ACTIVE"));
        LinkedOrganization archived = new LinkedOrganization("ORG4", "Client", new XpmLink("c-arc", true, "XPM_ARCHIVED"));
        assertThat(PushRules.decide(person(null, null))).isInstanceOf(PushDecision.Skip.class);
        assertThat(PushRules.decide(person(null, null, unmapped, supplier, archived)))
                .isInstanceOfSatisfying(PushDecision.Skip.class, s -> assertThat(s.reason())
                        .contains("business card links it to an Organization synced with XPM"));
        LinkedOrganization acme = new LinkedOrganization("ORG1", "Client", ACME_CLIENT);
        assertThat(PushRules.decide(person(null, null, unmapped, acme)))
                .isEqualTo(new PushDecision.Create(true, "c-acme"));
    }

    @Test
    void aMappedPersonIsUpdatedAsAContactOfItsClientOrLeftAloneWhenXpmHoldsItsValues() {
        LinkedOrganization acme = new LinkedOrganization("ORG1", "Client", ACME_CLIENT);
        XpmLink contact = new XpmLink("k-mere", false, "ACTIVE");
        assertThat(PushRules.decide(person(contact, "proj:older", acme)))
                .isEqualTo(new PushDecision.Update("k-mere", true, "c-acme"));
        assertThat(PushRules.decide(person(contact, "proj:mere", acme)))
                .isEqualTo(new PushDecision.Unchanged("k-mere", true));
    }

    @Test
    void aPersonsMappingToAClientIsNotTakenForItsContactRecord() {
        LinkedOrganization acme = new LinkedOrganization("ORG1", "Client", ACME_CLIENT);
        assertThat(PushRules.decide(person(new XpmLink("c-other", true, "ACTIVE"), null, acme)))
                .isEqualTo(new PushDecision.Create(true, "c-acme"));
    }
}
