package io.xpmsync.connector;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.messaging.Outbox;
import jakarta.inject.Inject;
import org.assertj.core.groups.Tuple;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real practices' shapes: a {@code client.api/list} without BusinessStructure and IsProspect (Xero's example), whose
 * gaps are filled by {@code client.api/get} only for clients never seen before; and a prospect converted to a client
 * (a new UUID in XPM), recognised as that prospect.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ListShapeAndProspectsTest {

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aListWithoutBusinessStructureIsCompletedByGetForNewClientsOnlyAndTheScopeRulesHold() {
        XpmPractice p = XpmPractice.create("Example Shapes").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ").listingAsXerosExample();
        p.addClient("<Client><Name>Kauri Holdings Ltd</Name><BusinessStructure>Company</BusinessStructure>"
                + "<Contacts><Contact><Name>Rua Kauri</Name><Email>rua@kauri.example</Email></Contact></Contacts>"
                + "</Client>");
        // a sole trader XPM holds without first and last names: the fallback rule alone would make it an organization
        p.addClient("<Client><Name>Aroha Ngata Design</Name><BusinessStructure>Sole Trader</BusinessStructure>"
                + "<Contacts><Contact><Name>Aroha's Accountant</Name></Contact></Contacts></Client>");
        p.addClient("<Client><Name>Old Trust</Name><BusinessStructure>Trust</BusinessStructure>"
                + "<IsArchived>Yes</IsArchived></Client>");
        // XPM holds no structure for it (the practice-management module off): get answers it empty
        String noModule = p.addClient("<Client><Name>No Module Ltd</Name></Client>");

        Map<String, Object> run = p.syncNow();

        // one list, and one get for each new live client (none for the archived one)
        assertThat(run).containsEntry("phase", "COMPLETED").containsEntry("xpmCalls", 4)
                .containsEntry("skippedByScope", 1);
        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(events).extracting(e -> e.contact().name(), e -> e.contact().businessStructure())
                .containsExactlyInAnyOrder(Tuple.tuple("Kauri Holdings Ltd", "Company"),
                        Tuple.tuple("Aroha Ngata Design", "Sole Trader"), Tuple.tuple("Old Trust", null),
                        Tuple.tuple("No Module Ltd", null), Tuple.tuple("Rua Kauri", null));

        Map<String, Object> again = p.syncNow();
        assertThat(again).containsEntry("xpmCalls", 1).containsEntry("changesPublished", 0);

        // an empty structure is an answer: a change of that client is not read again
        p.updateClient("<Client><UUID>" + noModule + "</UUID><Email>hi@nomodule.example</Email></Client>");
        assertThat(p.syncNow()).containsEntry("xpmCalls", 1).containsEntry("changesPublished", 1);
    }

    @Test
    void aProspectConvertedToAClientIsPublishedAsThatProspectConvertedAndItsOwnRecordSaysNothingMore() {
        XpmPractice p = XpmPractice.create("Prospects").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("AU").listingAsXerosExample();
        String prospect = p.addClient("<Client><Name>Rimu Cafe Ltd</Name><Email>hello@rimu.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure><IsProspect>Yes</IsProspect>"
                + "<Contacts><Contact><Name>Mere Rimu</Name><Email>mere@rimu.example</Email></Contact></Contacts>"
                + "</Client>");
        p.addClient("<Client><Name>Totara Joinery Ltd</Name><BusinessStructure>Company</BusinessStructure></Client>");
        p.syncNow();
        int before = XpmEvents.published(kafka, outbox, p.firmId).size();
        assertThat(before).isEqualTo(3);

        String client = p.convertProspect(prospect);
        Map<String, Object> run = p.syncNow();

        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        List<ContactChanged> latest = events.subList(before, events.size());
        assertThat(latest).extracting(e -> e.contact().name(), ContactChanged::change).containsExactlyInAnyOrder(
                Tuple.tuple("Rimu Cafe Ltd", ChangeKind.CREATED), Tuple.tuple("Mere Rimu", ChangeKind.UPDATED));
        ContactChanged converted = latest.stream().filter(e -> e.contact().name().equals("Rimu Cafe Ltd"))
                .findFirst().orElseThrow();
        assertThat(converted.contact().ref()).isEqualTo(ContactRef.xpmClient(client));
        assertThat(converted.convertedFrom()).isEqualTo(ContactRef.xpmClient(prospect));
        assertThat(latest.stream().filter(e -> e.contact().name().equals("Mere Rimu")).findFirst().orElseThrow()
                .contact().links()).containsExactly(ContactRef.xpmClient(client));
        assertThat(run).containsEntry("changesPublished", 2);

        assertThat(p.syncNow()).containsEntry("changesPublished", 0);
    }

    @Test
    void aNewClientMerelyNamedAsALiveProspectIsNotItsConversionAndTheProspectStillSpeaks() {
        XpmPractice p = XpmPractice.create("Prospect Namesakes").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("AU").listingAsXerosExample();
        String prospect = p.addClient("<Client><Name>Kowhai Bakery Ltd</Name><BusinessStructure>Company"
                + "</BusinessStructure><IsProspect>Yes</IsProspect></Client>");
        p.syncNow();
        int before = XpmEvents.published(kafka, outbox, p.firmId).size();

        // a client of the same name added beside the live prospect, as xpm-sync adds one made in Karbon
        String namesake = p.addClient("<Client><Name>Kowhai Bakery Ltd</Name><BusinessStructure>Company"
                + "</BusinessStructure><IsProspect>No</IsProspect></Client>");
        p.syncNow();
        p.updateClient("<Client><UUID>" + prospect + "</UUID><Email>hello@kowhai.example</Email></Client>");
        p.syncNow();

        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        List<ContactChanged> latest = events.subList(before, events.size());
        assertThat(latest).extracting(e -> e.contact().ref(), ContactChanged::change, ContactChanged::convertedFrom)
                .containsExactly(Tuple.tuple(ContactRef.xpmClient(namesake), ChangeKind.CREATED, null),
                        Tuple.tuple(ContactRef.xpmClient(prospect), ChangeKind.UPDATED, null));
    }
}
