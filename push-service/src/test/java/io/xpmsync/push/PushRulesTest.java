package io.xpmsync.push;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.xpmsync.client.xpm.XpmSnapshots;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.GoldenSamples;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One test per rule of the seed's "Pushing changes to Xero Practice Manager", each checking the XPM sandbox's data
 * afterwards field by field, on real Kafka and PostgreSQL, with tokens from the real connector-service.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PushRulesTest {

    private static final Address QUEEN_ST = new Address(List.of("12 Queen Street", "Level 3"), "Auckland", "Auckland",
            "1010", "NZ");
    private static final Address PO_BOX = new Address(List.of("PO Box 77"), "Auckland", null, "1140", "NZ");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @jakarta.inject.Inject
    io.xpmsync.push.persistence.PushViews views;

    @Test
    void anOrganizationOfASelectedTypeIsCreatedInXpmWithOnlyTheFirstAddressAndPhone() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        ContactSnapshot acme = ConnectedFirm.organization("ORG1" + suffix(), "Acme Plumbing Ltd", "Client",
                "office@acme.example", List.of(new Phone("09 555 0100", "Work"), new Phone("021 555 0101", "Mobile")),
                QUEEN_ST, PO_BOX);
        ContactChanged change = firm.karbonChanged(acme);

        ContactPushed pushed = awaitPushed(firm, change, PushOutcome.CREATED);
        XpmClient client = firm.clients().stream().filter(c -> c.uuid().equals(pushed.xpmRef().id())).findFirst()
                .orElseThrow();
        assertThat(client.name()).isEqualTo("Acme Plumbing Ltd");
        assertThat(client.email()).isEqualTo("office@acme.example");
        assertThat(client.phone()).isEqualTo("09 555 0100");
        assertThat(client.address()).isEqualTo("12 Queen Street\nLevel 3");
        assertThat(client.city()).isEqualTo("Auckland");
        assertThat(client.postCode()).isEqualTo("1010");
        assertThat(client.country()).as("XPM holds the name, Karbon the code").isEqualTo("New Zealand");
        assertThat(client.postalAddress()).isEmpty();
        assertThat(pushed.pushedHash()).isEqualTo(XpmSnapshots.client(client).contentHash());
        assertThat(pushed.changes()).extracting(io.xpmsync.contracts.contact.FieldChange::field)
                .containsExactly("Name", "Email", "Phone", "Physical address");
        assertThat(pushed.changes()).allSatisfy(c -> assertThat(c.before()).isNull());
        assertThat(firm.writes()).hasSize(1);
    }

    @Test
    void anOrganizationWithOnlyAMailingAddressGetsItInXpmsPostalFieldsNeverInTheAddressFields() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        ContactSnapshot boxOnly = ConnectedFirm.organization("ORGPO" + suffix(), "Box Only Ltd", "Client",
                "box@only.example", List.of(), null, PO_BOX);
        ContactPushed pushed = awaitPushed(firm, firm.karbonChanged(boxOnly), PushOutcome.CREATED);

        XpmClient client = firm.clients().stream().filter(c -> c.uuid().equals(pushed.xpmRef().id())).findFirst()
                .orElseThrow();
        assertThat(client.postalAddress()).isEqualTo("PO Box 77");
        assertThat(client.postalPostCode()).isEqualTo("1140");
        assertThat(client.postalCountry()).isEqualTo("New Zealand");
        assertThat(client.address()).isNullOrEmpty();
        assertThat(client.city()).isNullOrEmpty();
        assertThat(pushed.pushedHash()).isEqualTo(XpmSnapshots.client(client).contentHash());
    }

    @Test
    void organizationsOfOtherTypesAndEverythingWhenNoTypeIsSelectedAreNotPushed() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        ContactChanged supplier = firm.karbonChanged(ConnectedFirm.organization("ORG2" + suffix(), "Supplier Co",
                "Supplier", "s@supplier.example", List.of(), null, null));
        assertThat(awaitPushed(firm, supplier, PushOutcome.SKIPPED).reason()).contains("'Supplier'", "not among");

        ConnectedFirm none = new ConnectedFirm(kafka, List.of());
        ContactChanged client = none.karbonChanged(ConnectedFirm.organization("ORG3" + suffix(), "Client Co", "Client",
                "c@client.example", List.of(), null, null));
        assertThat(awaitPushed(none, client, PushOutcome.SKIPPED).reason()).contains("no Contact Type is selected");
        assertThat(firm.writes()).isEmpty();
        assertThat(none.writes()).isEmpty();
        assertThat(firm.clients()).isEmpty();
    }

    @Test
    void aChangeMadeInKarbonBeforeTheFirmConnectedIsNotPushedUntilItChangesAgain() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        ContactSnapshot org = ConnectedFirm.organization("ORG9" + suffix(), "Before Connect Ltd", "Client",
                "b@before.example", List.of(), null, null);
        ContactChanged made = ContactChanged.of(firm.firmId, null, SourceSystem.KARBON, ChangeKind.CREATED, org);
        // made an hour ago, while the firm was not connected, and consumed only now
        ContactChanged late = new ContactChanged(made.eventId(), made.firmId(), made.occurredAt().minusSeconds(3600),
                made.schemaVersion(), null, made.origin(), made.change(), made.contact());
        firm.send(late);
        assertThat(awaitPushed(firm, late, PushOutcome.SKIPPED).reason()).contains("before the firm connected");
        assertThat(firm.clients()).isEmpty();

        ContactChanged again = firm.karbonChanged(org);
        awaitPushed(firm, again, PushOutcome.CREATED);
        assertThat(firm.clients()).extracting(XpmClient::name).containsExactly("Before Connect Ltd");
    }

    @Test
    void aCandidateOfAnOpenPartialMatchIsNotCreatedInXpmUntilThePartialIsResolved() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String key = "ORG7" + suffix();
        String xpmId = UUID.randomUUID().toString();
        // matching-service proposed a partial match: XPM record xpmId, with this Karbon organization as a candidate
        String partial = GoldenSamples.one(EventType.MATCH_PROPOSED, "partial-name-only.json")
                .replace("firm-acme-au", firm.firmId).replace("4vPz8XyQa1Rn", key)
                .replace("46ae1f6c-8b8a-4d3c-a41e-5bd3c1a1e9e2", xpmId)
                .replaceFirst("\"eventId\": \"[^\"]+\"", "\"eventId\": \"" + UUID.randomUUID() + "\"");
        firm.kafka.send(Topics.MATCHES_PROPOSED, firm.firmId, partial);
        awaitRow("SELECT 1 FROM partial_view WHERE firm_id = ?1", firm.firmId);

        ContactSnapshot org = ConnectedFirm.organization(key, "Harbour View Holdings Pty Ltd", "Client",
                "info@harbourview.example", List.of(), null, null);
        ContactChanged held = firm.karbonChanged(org);
        assertThat(awaitPushed(firm, held, PushOutcome.SKIPPED).reason()).contains("open partial match", xpmId);
        assertThat(firm.writes()).isEmpty();

        // The person resolves it by creating a new Karbon contact for the XPM record: the candidate is free again.
        firm.mapped(ContactRef.karbonOrganization("NEW" + suffix()), ContactRef.xpmClient(xpmId));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(
                        "SELECT 1 FROM partial_view WHERE firm_id = ?1").setParameter(1, firm.firmId)
                        .getResultList()).isEmpty());
        ContactChanged next = firm.karbonChanged(org);
        awaitPushed(firm, next, PushOutcome.CREATED);
        assertThat(firm.clients()).extracting(XpmClient::name).containsExactly("Harbour View Holdings Pty Ltd");
    }

    @Test
    void peopleArePushedOnlyThroughAnOrganizationThatIsSynced() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String orgKey = "ORG4" + suffix();
        ContactPushed org = awaitPushed(firm, firm.karbonChanged(ConnectedFirm.organization(orgKey, "Linked Ltd",
                "Client", "office@linked.example", List.of(), null, null)), PushOutcome.CREATED);

        ContactChanged linked = firm.karbonChanged(ConnectedFirm.person("PER1" + suffix(), "Mere", "Tane",
                "mere@linked.example", List.of(new Phone("021 111", "Mobile"), new Phone("09 222", "Work")),
                List.of(ContactRef.karbonOrganization(orgKey))));
        ContactChanged loner = firm.karbonChanged(ConnectedFirm.person("PER2" + suffix(), "Lone", "Wolf",
                "lone@example.com", List.of(), List.of()));
        ContactChanged elsewhere = firm.karbonChanged(ConnectedFirm.person("PER3" + suffix(), "Other", "Person",
                "other@example.com", List.of(), List.of(ContactRef.karbonOrganization("NOT-SYNCED"))));

        ContactPushed person = awaitPushed(firm, linked, PushOutcome.CREATED);
        assertThat(awaitPushed(firm, loner, PushOutcome.SKIPPED).reason()).contains("business card");
        assertThat(awaitPushed(firm, elsewhere, PushOutcome.SKIPPED).reason()).contains("business card");
        XpmClient client = firm.clients().stream().filter(c -> c.uuid().equals(org.xpmRef().id())).findFirst()
                .orElseThrow();
        assertThat(client.contacts()).singleElement().satisfies(c -> {
            assertThat(c.uuid()).isEqualTo(person.xpmRef().id());
            assertThat(c.name()).isEqualTo("Mere Tane");
            assertThat(c.email()).isEqualTo("mere@linked.example");
            assertThat(c.mobile()).as("Karbon's Mobile is the XPM contact's Mobile").isEqualTo("021 111");
            assertThat(c.phone()).as("only the first number is synced").isNullOrEmpty();
        });
        assertThat(firm.clients()).hasSize(1);
    }

    @Test
    void aMappedOrganizationIsUpdatedAndAnEchoFromXpmWritesNothing() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String uuid = firm.addXpmClient("<Client><Name>Hill Builders</Name><Email>office@hill.example</Email>"
                + "<Phone>09 111 2222</Phone><BusinessStructure>Company</BusinessStructure></Client>");
        String key = "ORG5" + suffix();
        firm.mapped(ContactRef.karbonOrganization(key), ContactRef.xpmClient(uuid));
        XpmClient before = firm.clients().get(0);
        firm.send(ContactChanged.of(firm.firmId, null, SourceSystem.XPM, ChangeKind.CREATED, XpmSnapshots.client(before)));
        // Mappings and XPM's feed travel on their own topics; in a real run both come long before a Karbon echo.
        awaitRow("SELECT 1 FROM mapping_view WHERE firm_id = ?1", firm.firmId);
        awaitRow("SELECT 1 FROM xpm_view WHERE firm_id = ?1", firm.firmId);

        ContactChanged echo = firm.karbonChanged(ConnectedFirm.organization(key, "Hill Builders", "Client",
                "office@hill.example", List.of(new Phone("09 111 2222", "Work")), null, null));
        assertThat(awaitPushed(firm, echo, PushOutcome.UNCHANGED).xpmRef()).isEqualTo(ContactRef.xpmClient(uuid));
        assertThat(firm.writes()).isEmpty();

        ContactChanged changed = firm.karbonChanged(ConnectedFirm.organization(key, "Hill Builders Ltd", "Client",
                "accounts@hill.example", List.of(new Phone("09 111 3333", "Work")), PO_BOX, null));
        awaitPushed(firm, changed, PushOutcome.UPDATED);
        XpmClient after = firm.clients().get(0);
        assertThat(after.name()).isEqualTo("Hill Builders Ltd");
        assertThat(after.email()).isEqualTo("accounts@hill.example");
        assertThat(after.phone()).isEqualTo("09 111 3333");
        assertThat(after.address()).isEqualTo("PO Box 77");
        assertThat(after.businessStructure()).isEqualTo("Company");
        assertThat(firm.writes()).hasSize(1);
    }

    @Test
    void anUpdateSendsOnlyTheChangedSyncedFieldsSoTheMaskedTaxNumberAndTheGstPeriodAreKept() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String uuid = firm.addXpmClient("""
                <Client><Name>Keepsake Ltd</Name><Email>office@keepsake.example</Email>
                  <Address>1 Shore Road</Address><City>Auckland</City><PostCode>1010</PostCode>
                  <Country>New Zealand</Country><PostalAddress>PO Box 9</PostalAddress><PostalCity>Auckland</PostalCity>
                  <PostalPostCode>1140</PostalPostCode><PostalCountry>New Zealand</PostalCountry>
                  <Phone>09 333 4444</Phone><Fax>09 333 4445</Fax><WebSite>keepsake.example</WebSite>
                  <BusinessStructure>Company</BusinessStructure><TaxNumber>111-222-333</TaxNumber>
                  <GSTPeriod>6</GSTPeriod></Client>""");
        String key = "ORG8" + suffix();
        firm.mapped(ContactRef.karbonOrganization(key), ContactRef.xpmClient(uuid));
        firm.send(ContactChanged.of(firm.firmId, null, SourceSystem.XPM, ChangeKind.CREATED,
                XpmSnapshots.client(firm.clients().get(0))));
        awaitRow("SELECT 1 FROM mapping_view WHERE firm_id = ?1", firm.firmId);
        awaitRow("SELECT 1 FROM xpm_view WHERE firm_id = ?1", firm.firmId);

        ContactChanged changed = firm.karbonChanged(ConnectedFirm.organization(key, "Keepsake Ltd", "Client",
                "accounts@keepsake.example", List.of(new Phone("09 333 4444", "Work")),
                new Address(List.of("1 Shore Road"), "Auckland", null, "1010", "NZ"), null));
        awaitPushed(firm, changed, PushOutcome.UPDATED);

        XpmClient after = firm.clients().get(0);
        assertThat(after.email()).isEqualTo("accounts@keepsake.example");
        assertThat(after.taxNumber()).as("answered masked, never sent back").isEqualTo("111-222-333");
        assertThat(after.gstPeriod()).as("answered in words, never sent back").isEqualTo("Six Monthly");
        assertThat(after.fax()).as("not synced: not sent, and kept").isEqualTo("09 333 4445");
        assertThat(after.websiteAnySpelling()).isEqualTo("keepsake.example");
        assertThat(after.businessStructure()).isEqualTo("Company");
        assertThat(after.postalAddress()).as("only the first address is synced").isEqualTo("PO Box 9");
        assertThat(after.postalPostCode()).isEqualTo("1140");
        assertThat(after.country()).isEqualTo("New Zealand");
        assertThat(firm.writes()).hasSize(1);
    }

    @Test
    void aContactCreatedFromXpmThatChangesBeforeItsMappingArrivesUpdatesThatClientAndCreatesNoOther() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String uuid = firm.addXpmClient("<Client><Name>Twin Traders</Name><Email>office@twin.example</Email>"
                + "<Phone>09 222 3333</Phone><BusinessStructure>Company</BusinessStructure></Client>");
        firm.send(ContactChanged.of(firm.firmId, null, SourceSystem.XPM, ChangeKind.CREATED,
                XpmSnapshots.client(firm.clients().get(0))));
        awaitRow("SELECT 1 FROM xpm_view WHERE firm_id = ?1", firm.firmId);
        String key = "ORG7" + suffix();
        // mapping-service created the Karbon organization from the XPM client, and a person renamed it at once: both
        // changes fall in one coalescing window, before the MappingConfirmed arrives
        firm.karbonChanged(ConnectedFirm.organization(key, "Twin Traders", "Client", "office@twin.example",
                List.of(new Phone("09 222 3333", "Work")), null, null));
        ContactChanged renamed = firm.karbonChanged(ConnectedFirm.organization(key, "Twin Traders Group", "Client",
                "office@twin.example", List.of(new Phone("09 222 3333", "Work")), null, null));
        awaitRow("SELECT 1 FROM karbon_view WHERE firm_id = ?1 AND created_from_xpm_id IS NOT NULL", firm.firmId);
        firm.mapped(ContactRef.karbonOrganization(key), ContactRef.xpmClient(uuid));

        ContactPushed updated = awaitPushed(firm, renamed, PushOutcome.UPDATED);
        assertThat(updated.xpmRef()).isEqualTo(ContactRef.xpmClient(uuid));
        // what the write changed in XPM, for the contact's history: the name only
        assertThat(updated.changes()).containsExactly(new io.xpmsync.contracts.contact.FieldChange("Name",
                "Twin Traders", "Twin Traders Group"));
        assertThat(firm.clients()).extracting(XpmClient::name).containsExactly("Twin Traders Group");
        assertThat(firm.writes()).hasSize(1);
    }

    @Test
    void aContactsOwnXpmRecordMappedAMomentAgoIsStillItsTwinWhileOneMappedToAnotherContactIsNot() {
        // facts() reads the contact's mapping, then looks for its twin, each statement in its own snapshot: a
        // MappingConfirmed committed in between must still find the twin (once, under load, it created the record
        // in XPM again); a record mapped to another Karbon contact is no twin
        String firmId = "firm-twin-" + suffix();
        ContactSnapshot twin = new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()),
                "Twin Twice Ltd", null, null, List.of("office@twicetwin.example"), List.of(), null, null, "Company",
                null, List.of(), false, false, null).withComputedHash();
        String hash = io.xpmsync.push.xpm.XpmProjection.hash(twin);
        QuarkusTransaction.requiringNew().run(() -> {
            views.xpmHolds(firmId, twin.ref().id(), twin);
            views.mapped(firmId, "ORG-OWN", twin.ref(), "ACTIVE");
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> views.unmappedXpmWith(firmId, hash, "ORG-OWN")))
                .contains(twin.ref().id());
        assertThat(QuarkusTransaction.requiringNew().call(() -> views.unmappedXpmWith(firmId, hash, "ORG-OTHER")))
                .isEmpty();
    }

    @Test
    void aKarbonContactHoldingALongXpmAddressShortenedToKarbonsLimitsIsStillItsTwin() {
        // mapping-service wrote the XPM client to Karbon with its address fitted to Karbon's 200 characters: the echo
        // of that write must wait for the mapping, not create the client in XPM a second time
        String firmId = "firm-fitted-" + suffix();
        String lines = "Unit 4, Orchard Chambers, " + "Old Packhouse Road and Coolstore Lane, ".repeat(6);
        ContactSnapshot xpm = new ContactSnapshot(ContactRef.xpmClient(UUID.randomUUID().toString()),
                "Totara Packhouse Ltd", null, null, List.of("office@totara.example"), List.of(),
                new Address(List.of(lines.strip()), "Te Puke", null, "3119", "New Zealand"), null, "Company", null,
                List.of(), false, false, null).withComputedHash();
        ContactSnapshot karbon = ConnectedFirm.organization("ORG-FIT", "Totara Packhouse Ltd", "Client",
                "office@totara.example", List.of(), new Address(List.of(lines.substring(0, 200).stripTrailing()),
                        "Te Puke", null, "3119", "NZ"), null);
        QuarkusTransaction.requiringNew().run(() -> views.xpmHolds(firmId, xpm.ref().id(), xpm));

        assertThat(QuarkusTransaction.requiringNew().call(() -> views.unmappedXpmWith(firmId,
                io.xpmsync.push.xpm.XpmProjection.hash(karbon), "ORG-FIT"))).contains(xpm.ref().id());
    }

    @Test
    void aBurstOfFiftyUpdatesBecomesOneOrTwoXpmWritesOfTheFinalState() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        String uuid = firm.addXpmClient("<Client><Name>Busy Ltd</Name><BusinessStructure>Company</BusinessStructure></Client>");
        String key = "ORG6" + suffix();
        firm.mapped(ContactRef.karbonOrganization(key), ContactRef.xpmClient(uuid));
        awaitRow("SELECT 1 FROM mapping_view WHERE firm_id = ?1", firm.firmId);
        List<ContactChanged> burst = new java.util.ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            burst.add(ContactChanged.of(firm.firmId, null, SourceSystem.KARBON, ChangeKind.UPDATED,
                    ConnectedFirm.organization(key, "Busy Ltd", "Client", "v" + i + "@busy.example", List.of(), null,
                            null)));
        }
        firm.karbonBurst(burst);
        ContactChanged finalChange = burst.get(49);
        await().atMost(Duration.ofSeconds(60)).until(() -> "v50@busy.example".equals(firm.clients().get(0).email()));
        awaitPushed(firm, finalChange, PushOutcome.UPDATED);
        assertThat(firm.writes()).hasSizeBetween(1, 2);
    }

    @Test
    void aPermanentFailureIsPublishedShownWithItsReasonAndDeadLettered() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        ConnectedFirm.sandbox().contentType("application/json").body(Map.of("kind", "STATUS_ERROR", "count", 1))
                .post("/admin/practices/" + firm.tenantId + "/faults").then().statusCode(200);
        ConnectedFirm.sandbox().contentType("application/json").body(Map.of("kind", "HTTP_503", "count", 2))
                .post("/admin/practices/" + firm.tenantId + "/faults").then().statusCode(200);
        ContactChanged refused = firm.karbonChanged(ConnectedFirm.organization("ORG7" + suffix(), "Refused Ltd",
                "Client", "r@refused.example", List.of(), null, null));

        ContactPushed failed = awaitPushed(firm, refused, PushOutcome.FAILED);
        assertThat(failed.reason()).contains("Status ERROR", "asked to fail");
        RestAssured.get("/firms/" + firm.firmId + "/push-status").then().statusCode(200)
                .body("failures[0].reason", org.hamcrest.Matchers.containsString("Status ERROR"))
                .body("failures[0].sourceEventId", org.hamcrest.Matchers.equalTo(refused.eventId().toString()));
        ConsumerRecord<String, String> dead = firm.kafka.awaitRecord(Topics.deadLetter(Topics.KARBON_CONTACTS_CHANGED,
                "push-service"), r -> r.value().contains(refused.eventId().toString()), Duration.ofSeconds(30));
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value())).contains("Status ERROR");

        ContactChanged retried = firm.karbonChanged(ConnectedFirm.organization("ORG8" + suffix(), "Patient Ltd",
                "Client", "p@patient.example", List.of(), null, null));
        awaitPushed(firm, retried, PushOutcome.CREATED);
        assertThat(firm.clients()).extracting(XpmClient::name).containsExactly("Patient Ltd");
        RestAssured.get("/firms/bad firm!/push-status").then().statusCode(400);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundInsteadOfMadeTwice() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        // XPM makes the client after 3 s; push-service stops waiting after 2 s and cannot know whether it was made.
        ConnectedFirm.sandbox().contentType("application/json").body(Map.of("kind", "SLOW", "count", 1, "millis", 3000))
                .post("/admin/practices/" + firm.tenantId + "/faults").then().statusCode(200);
        ContactChanged slow = firm.karbonChanged(ConnectedFirm.organization("ORG9" + suffix(), "Slow Answer Ltd",
                "Client", "slow@answer.example", List.of(), null, null));

        ContactPushed pushed = awaitPushed(firm, slow, PushOutcome.CREATED);
        assertThat(firm.clients()).extracting(XpmClient::name).containsExactly("Slow Answer Ltd");
        assertThat(firm.clients().get(0).uuid()).isEqualTo(pushed.xpmRef().id());
        assertThat(firm.writes()).hasSize(1);
    }

    @Test
    void aNewOrganizationChangedAgainWhileItsCreateIsUnderWayIsCreatedOnceAndThenUpdated() {
        ConnectedFirm firm = new ConnectedFirm(kafka, List.of("Client"));
        // XPM takes 1.5 s to make the client; the person edits it again meanwhile, and again
        ConnectedFirm.sandbox().contentType("application/json").body(Map.of("kind", "SLOW", "count", 1, "millis", 1500))
                .post("/admin/practices/" + firm.tenantId + "/faults").then().statusCode(200);
        String key = "ORG10" + suffix();
        ContactChanged first = firm.karbonChanged(ConnectedFirm.organization(key, "Twice Edited Ltd", "Client",
                "v1@twice.example", List.of(), null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> !firm.writes().isEmpty() || firm.clients().size() > 0
                || QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache
                .getEntityManager().createNativeQuery("SELECT 1 FROM push_intent WHERE firm_id = ?1")
                .setParameter(1, firm.firmId).getResultList()).size() > 0);
        firm.karbonChanged(ConnectedFirm.organization(key, "Twice Edited Ltd", "Client", "v2@twice.example",
                List.of(), null, null));
        ContactChanged last = firm.karbonChanged(ConnectedFirm.organization(key, "Twice Edited Ltd", "Client",
                "v3@twice.example", List.of(), null, null));

        awaitPushed(firm, first, PushOutcome.CREATED);
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.clients().stream()
                .anyMatch(c -> "v3@twice.example".equals(c.email())));
        awaitPushed(firm, last, PushOutcome.UPDATED);
        assertThat(firm.clients()).as("one client, not one per change").extracting(XpmClient::name)
                .containsExactly("Twice Edited Ltd");
    }

    private static ContactPushed awaitPushed(ConnectedFirm firm, ContactChanged change, PushOutcome outcome) {
        ContactPushed pushed = ConnectedFirm.CODEC.decode(firm.kafka.awaitRecord(Topics.PUSHES_COMPLETED,
                r -> firm.firmId.equals(r.key()) && r.value().contains(change.eventId().toString()),
                Duration.ofSeconds(60)).value(), ContactPushed.class);
        assertThat(pushed.outcome()).as("outcome of %s: %s", change.contact().name(), pushed.reason())
                .isEqualTo(outcome);
        return pushed;
    }

    private static void awaitRow(String sql, String firmId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !QuarkusTransaction.requiringNew().call(() ->
                io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(sql)
                        .setParameter(1, firmId).getResultList()).isEmpty());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
