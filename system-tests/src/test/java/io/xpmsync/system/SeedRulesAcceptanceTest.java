package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every rule of docs/requirements.md (Karbon's help article on its XPM integration), each test named by the numbers of
 * the rules it checks, over the running system: every service and both sandboxes as their own processes on real Kafka
 * and PostgreSQL. Each test is a new firm, so they do not see each other. {@code RequirementsCoverageTest} keeps every
 * rule covered.
 */
@ExtendWith(RunningSystem.class)
class SeedRulesAcceptanceTest {

    private static final Duration SECONDS = Duration.ofSeconds(20);
    private static final String COMPANY = "<BusinessStructure>Company</BusinessStructure>";

    // --- Connecting to Xero Practice Manager

    @Test
    @DisplayName("R1 Connect next to Xero Practice Manager: you connect by logging into your XPM account")
    void connectingIsLoggingIntoTheXpmAccount() {
        Firm firm = Firm.create("Connecting");
        assertThat(at("connector-service").get("/firms/" + firm.id + "/xpm-connection").jsonPath()
                .getBoolean("connected")).isFalse();
        firm.connect();
        JsonPath connection = at("connector-service").get("/firms/" + firm.id + "/xpm-connection").jsonPath();
        assertThat(connection.getBoolean("connected")).isTrue();
        assertThat(connection.getString("tenantId")).isEqualTo(firm.tenant);
        assertThat(connection.getString("tenantName")).isEqualTo("Connecting Practice");
    }

    @Test
    @DisplayName("R2 The integration is only available for firms in Australia, New Zealand, South Africa, the UK, Canada and the US")
    void onlyFirmsInTheSixCountriesCanConnect() {
        Firm firm = Firm.create("Regions");
        for (String country : List.of("AU", "NZ", "ZA", "GB", "CA", "US")) {
            firm.connectStart(country).then().statusCode(200);
        }
        String refusal = firm.connectStart("DE").then().statusCode(403).extract().path("detail");
        assertThat(refusal).contains("Australia", "New Zealand", "South Africa", "Canada");
        assertThat(at("connector-service").get("/firms/" + firm.id + "/xpm-connection").jsonPath()
                .getBoolean("connected")).isFalse();
    }

    // --- Configure the integration

    @Test
    @DisplayName("R3 Contact Sync Settings are edited once connected, and a value that is not allowed is refused")
    void contactSyncSettingsAreEditedAndValidated() {
        Firm firm = Firm.create("Settings").connect();
        String refusal = at("connector-service").contentType(ContentType.JSON).body(Map.of("scope", "EVERYTHING",
                        "newContactType", "Client", "pushedContactTypes", List.of()))
                .put("/firms/" + firm.id + "/sync-settings").then().statusCode(400).extract().path("detail");
        assertThat(refusal).contains("scope");

        firm.settings("CLIENTS_AND_CONTACTS", "Prospect", List.of("Client", "Supplier"));
        JsonPath saved = at("connector-service").get("/firms/" + firm.id + "/sync-settings").jsonPath();
        assertThat(saved.getString("scope")).isEqualTo("CLIENTS_AND_CONTACTS");
        assertThat(saved.getString("newContactType")).isEqualTo("Prospect");
        assertThat(saved.getList("pushedContactTypes")).containsExactly("Client", "Supplier");
    }

    // --- Configure the integration: contacts created in XPM

    @Test
    @DisplayName("R4 Sync: Clients only brings XPM clients to Karbon and not their contacts")
    void clientsOnlySyncsNoXpmContacts() {
        Firm firm = Firm.create("Clients Only").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        String client = firm.addXpmClient("<Name>Kauri Builders Ltd</Name><Email>office@kauri.example</Email>" + COMPANY);
        firm.addXpmContact(client, "<Name>Wiremu Kauri</Name><Email>wiremu@kauri.example</Email>");
        firm.syncNow();
        assertThat(firm.karbonContacts()).extracting(ContactSnapshot::name).containsExactly("Kauri Builders Ltd");
    }

    @Test
    @DisplayName("R4 Sync: Clients and Contacts brings XPM contacts too, as people linked to their client's organisation")
    void clientsAndContactsSyncsXpmContactsLinkedToTheirOrganisation() {
        Firm firm = Firm.create("Clients And Contacts").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect();
        String client = firm.addXpmClient("<Name>Totara Design Ltd</Name><Email>hello@totara.example</Email>" + COMPANY);
        firm.addXpmContact(client, "<Name>Aroha Ngata</Name><Email>aroha@totara.example</Email>"
                + "<Mobile>021 555 0102</Mobile>");
        firm.syncNow();
        ContactSnapshot org = firm.karbonContact("Totara Design Ltd").orElseThrow();
        ContactSnapshot person = firm.karbonContact("Aroha Ngata").orElseThrow();
        assertThat(person.ref().kind()).isEqualTo(ContactKind.KARBON_PERSON);
        assertThat(person.links()).containsExactly(org.ref());
        assertThat(person.emails()).containsExactly("aroha@totara.example");
    }

    @Test
    @DisplayName("R5 Assign Contact Type: new Organisations and People created in Karbon get the selected Contact Type")
    void newContactsGetTheAssignedContactType() {
        Firm firm = Firm.create("Contact Type").settings("CLIENTS_AND_CONTACTS", "Prospect", List.of()).connect();
        String client = firm.addXpmClient("<Name>Rimu Traders Ltd</Name>" + COMPANY);
        firm.addXpmContact(client, "<Name>Sam Rimu</Name><Email>sam@rimu.example</Email>");
        firm.addXpmClient("<Name>Mere Paki</Name><FirstName>Mere</FirstName><LastName>Paki</LastName>"
                + "<BusinessStructure>Individual</BusinessStructure>");
        firm.syncNow();
        assertThat(firm.karbonContacts()).hasSize(3).allSatisfy(c -> assertThat(c.contactType()).isEqualTo("Prospect"));
    }

    // --- Sync your contacts

    @Test
    @DisplayName("R7 Sync Now syncs the contacts and shows what was matched automatically and what is a partial match")
    void syncNowShowsTheAutomaticMatchesAndThePartialMatches() {
        Firm firm = Firm.create("Sync Now").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.karbon.createOrganization(organization("Exact Co", "Client", "info@exact.example"));
        firm.karbon.createOrganization(organization("Partial Co", "Client", "info@partial.example"));
        firm.addXpmClient("<Name>Exact Co</Name><Email>info@exact.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Partial Co</Name><Email>accounts@partial.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Brand New Co</Name><Email>hi@new.example</Email>" + COMPANY);
        Map<String, Object> run = firm.syncNow();
        assertThat(run).containsEntry("clientsFetched", 3).containsEntry("changesPublished", 3);
        JsonPath outcome = firm.outcome((String) run.get("id"));
        assertThat(outcome.getInt("exact")).isEqualTo(1);
        assertThat(outcome.getInt("created")).isEqualTo(1);
        assertThat(outcome.getInt("partial")).isEqualTo(1);
        assertThat(firm.mappings("").getList("items.xpmName")).containsExactlyInAnyOrder("Exact Co", "Brand New Co");
        assertThat(firm.partialMatches()).extracting(p -> (Object) ((Map<?, ?>) p.get("xpmRecord")).get("name"))
                .containsExactly("Partial Co");
    }

    @Test
    @DisplayName("R8 Mapped contacts bring Name, Email, Phone number(s), Physical address and Mailing address into Karbon")
    void mappedContactsImportNameEmailPhonesAndBothAddresses() {
        Firm firm = Firm.create("Imported Fields").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.addXpmClient("<Name>Pohutukawa Cafe Ltd</Name><Email>eat@pohutukawa.example</Email>"
                + "<Phone>09 555 0100</Phone><Fax>09 555 0199</Fax>"
                + "<Address>12 Queen Street</Address><City>Auckland</City><PostCode>1010</PostCode>"
                + "<Country>New Zealand</Country><PostalAddress>PO Box 77</PostalAddress><PostalCity>Auckland</PostalCity>"
                + "<PostalPostCode>1140</PostalPostCode><PostalCountry>New Zealand</PostalCountry>" + COMPANY);
        firm.syncNow();
        ContactSnapshot org = firm.karbonContact("Pohutukawa Cafe Ltd").orElseThrow();
        assertThat(org.emails()).containsExactly("eat@pohutukawa.example");
        assertThat(org.phones()).extracting(Phone::number).containsExactlyInAnyOrder("09 555 0100", "09 555 0199");
        assertThat(org.physicalAddress().lines()).containsExactly("12 Queen Street");
        assertThat(org.physicalAddress().city()).isEqualTo("Auckland");
        assertThat(org.physicalAddress().postCode()).isEqualTo("1010");
        assertThat(org.mailingAddress().lines()).containsExactly("PO Box 77");
        assertThat(org.mailingAddress().postCode()).isEqualTo("1140");
        assertThat(org.physicalAddress().country()).as("XPM's country name as Karbon's ISO code").isEqualTo("NZ");
    }

    @Test
    @DisplayName("R9 If there is a name and email match exactly the contact gets automatically matched")
    void nameAndEmailMatchingExactlyIsMatchedAutomatically() {
        Firm firm = Firm.create("Exact").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        OrganizationDto existing = firm.karbon.createOrganization(organization("Harbour Bakery Ltd", "Client",
                "orders@harbour.example"));
        firm.addXpmClient("<Name>harbour bakery ltd</Name><Email>Orders@Harbour.example</Email>" + COMPANY);
        firm.syncNow();
        JsonPath mapping = firm.mappings("");
        assertThat(mapping.getList("items.method")).containsExactly("EXACT");
        assertThat(mapping.getString("items[0].karbonKey")).isEqualTo(existing.organizationKey());
        assertThat(firm.karbonContacts()).hasSize(1);
    }

    @Test
    @DisplayName("R10 If both the name and email don't match, Karbon creates a new contact")
    void neitherNameNorEmailMatchingCreatesANewContact() {
        Firm firm = Firm.create("New").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.karbon.createOrganization(organization("Someone Else Ltd", "Client", "else@else.example"));
        firm.addXpmClient("<Name>Fresh Start Ltd</Name><Email>hi@fresh.example</Email>" + COMPANY);
        firm.syncNow();
        assertThat(firm.karbonContacts()).extracting(ContactSnapshot::name)
                .containsExactlyInAnyOrder("Someone Else Ltd", "Fresh Start Ltd");
        assertThat(firm.mappings("").getList("items.method")).containsExactly("CREATED_IN_KARBON");
    }

    @Test
    @DisplayName("R11 A partial match (email matches and the name doesn't, or name matches and the email doesn't) is shown for resolution")
    void aPartialMatchIsShownForResolution() {
        Firm firm = Firm.create("Partial").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.karbon.createOrganization(organization("Matai Motors Ltd", "Client", "service@matai.example"));
        firm.karbon.createOrganization(organization("Kowhai Kitchens Ltd", "Client", "cook@kowhai.example"));
        firm.addXpmClient("<Name>Matai Motors Limited</Name><Email>service@matai.example</Email>" + COMPANY);
        firm.addXpmClient("<Name>Kowhai Kitchens Ltd</Name><Email>accounts@kowhai.example</Email>" + COMPANY);
        firm.syncNow();
        List<Map<String, Object>> partials = firm.partialMatches();
        assertThat(partials).hasSize(2);
        Map<String, Object> emailOnly = partial(partials, "Matai Motors Limited");
        Map<String, Object> nameOnly = partial(partials, "Kowhai Kitchens Ltd");
        assertThat(candidate(emailOnly)).containsEntry("emailMatches", true).containsEntry("nameMatches", false)
                .containsEntry("name", "Matai Motors Ltd");
        assertThat(candidate(nameOnly)).containsEntry("emailMatches", false).containsEntry("nameMatches", true);
        assertThat(firm.karbonContacts()).hasSize(2);
        assertThat(firm.mappings("").getInt("total")).isZero();
    }

    @Test
    @DisplayName("R20 Resolve Partial Matches: confirm the match that was prompted")
    void aPartialMatchIsResolvedByConfirmingTheMatch() {
        Firm firm = Firm.create("Confirm").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        OrganizationDto karbon = firm.karbon.createOrganization(organization("Tui Tours Ltd", "Client",
                "bookings@tui.example"));
        firm.addXpmClient("<Name>Tui Tours Limited</Name><Email>bookings@tui.example</Email>"
                + "<Phone>03 555 0100</Phone>" + COMPANY);
        firm.syncNow();
        Map<String, Object> partial = firm.partialMatches().get(0);
        at("mapping-service").contentType(ContentType.JSON).body(Map.of("karbonKey", karbon.organizationKey()))
                .post("/firms/" + firm.id + "/partial-matches/" + partial.get("id") + "/confirm").then().statusCode(200);
        assertThat(firm.mappings("").getList("items.method")).containsExactly("CONFIRMED_BY_USER");
        assertThat(firm.partialMatches()).isEmpty();
        ContactSnapshot confirmed = firm.karbonContacts().get(0);
        assertThat(firm.karbonContacts()).hasSize(1);
        assertThat(confirmed.name()).isEqualTo("Tui Tours Limited");
        assertThat(confirmed.phones()).extracting(Phone::number).contains("03 555 0100");
    }

    @Test
    @DisplayName("R11, R14 A Karbon contact waiting in a partial match is not pushed to XPM as a new client before it is resolved")
    void aCandidateOfAnOpenPartialMatchIsNotCreatedInXpm() {
        Firm firm = Firm.create("Partial Push").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        OrganizationDto karbon = firm.karbon.createOrganization(organization("Kereru Cafe Ltd", "Client",
                "cafe@kereru.example"));
        firm.addXpmClient("<Name>Kereru Cafe Ltd</Name><Email>accounts@kereru.example</Email>" + COMPANY);
        firm.syncNow();
        Map<String, Object> partial = firm.partialMatches().get(0);
        firm.settings("CLIENTS_ONLY", "Client", List.of("Client"));

        firm.karbon.replaceOrganization(karbon.organizationKey(), new OrganizationRequest("Kereru Cafe Ltd", "Client",
                null, null, List.of(new BusinessCardDto(karbon.businessCards().get(0).businessCardKey(), "Organization",
                karbon.organizationKey(),
                true, null, null, List.of("cafe@kereru.example"), List.of(new PhoneNumberDto(null, "09 555 0150",
                null, "Work")), null, null))));
        await().atMost(SECONDS).until(() -> at("push-service").get("/firms/" + firm.id + "/push-status").jsonPath()
                .getList("waiting").isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> firm.xpmClients().size() == 1);

        at("mapping-service").contentType(ContentType.JSON).body(Map.of("karbonKey", karbon.organizationKey()))
                .post("/firms/" + firm.id + "/partial-matches/" + partial.get("id") + "/confirm").then().statusCode(200);
        assertThat(firm.mappings("").getList("items.karbonKey")).containsExactly(karbon.organizationKey());
        assertThat(firm.xpmClients()).hasSize(1);
    }

    @Test
    @DisplayName("R11, R20 Resolve Partial Matches: create a new contact if the match is not correct")
    void aPartialMatchIsResolvedByCreatingANewContact() {
        Firm firm = Firm.create("Create New").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.karbon.createOrganization(organization("Weka Wines Ltd", "Client", "cellar@weka.example"));
        firm.addXpmClient("<Name>Weka Wines Ltd</Name><Email>office@weka-other.example</Email>" + COMPANY);
        firm.syncNow();
        Map<String, Object> partial = firm.partialMatches().get(0);
        at("mapping-service").post("/firms/" + firm.id + "/partial-matches/" + partial.get("id") + "/create-new")
                .then().statusCode(200);
        assertThat(firm.mappings("").getList("items.method")).containsExactly("CREATED_BY_USER");
        assertThat(firm.karbonContacts()).extracting(c -> c.emails().get(0))
                .containsExactlyInAnyOrder("cellar@weka.example", "office@weka-other.example");
    }

    @Test
    @DisplayName("R12 Business Type 'Individual' or 'Sole Trader' is imported as a Person; all other clients as an Organisation")
    void individualsAndSoleTradersArePeopleAndOtherClientsOrganisations() {
        Firm firm = Firm.create("Business Types").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.addXpmClient("<Name>Ana Lee</Name><FirstName>Ana</FirstName><LastName>Lee</LastName>"
                + "<BusinessStructure>Individual</BusinessStructure>");
        firm.addXpmClient("<Name>Ben Roa</Name><FirstName>Ben</FirstName><LastName>Roa</LastName>"
                + "<BusinessStructure>Sole Trader</BusinessStructure>");
        firm.addXpmClient("<Name>Roa Holdings Ltd</Name>" + COMPANY);
        firm.addXpmClient("<Name>Roa Family Trust</Name><BusinessStructure>Trust</BusinessStructure>");
        firm.addXpmClient("<Name>Lee and Roa</Name><BusinessStructure>Partnership</BusinessStructure>");
        firm.syncNow();
        assertThat(firm.karbonContacts()).extracting(c -> c.name() + ":" + c.ref().kind()).containsExactlyInAnyOrder(
                "Ana Lee:KARBON_PERSON", "Ben Roa:KARBON_PERSON", "Roa Holdings Ltd:KARBON_ORGANIZATION",
                "Roa Family Trust:KARBON_ORGANIZATION", "Lee and Roa:KARBON_ORGANIZATION");
        assertThat(firm.karbonContact("Ana Lee").orElseThrow().firstName()).isEqualTo("Ana");
    }

    @Test
    @DisplayName("R13 XPM Contacts of a Client with Business Type 'Individual' or 'Sole Trader' are not imported")
    void contactsOfIndividualAndSoleTraderClientsAreNotImported() {
        Firm firm = Firm.create("Not Imported").settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect();
        String individual = firm.addXpmClient("<Name>Kim Park</Name><FirstName>Kim</FirstName><LastName>Park</LastName>"
                + "<BusinessStructure>Individual</BusinessStructure>");
        String soleTrader = firm.addXpmClient("<Name>Joe Ruru</Name><FirstName>Joe</FirstName><LastName>Ruru</LastName>"
                + "<BusinessStructure>sole trader </BusinessStructure>");
        String company = firm.addXpmClient("<Name>Park Ruru Ltd</Name>" + COMPANY);
        firm.addXpmContact(individual, "<Name>Kim's Accountant</Name><Email>acc@kim.example</Email>");
        firm.addXpmContact(soleTrader, "<Name>Joe's Partner</Name><Email>partner@joe.example</Email>");
        firm.addXpmContact(company, "<Name>Pat Director</Name><Email>pat@parkruru.example</Email>");
        firm.syncNow();
        assertThat(firm.karbonContacts()).extracting(ContactSnapshot::name)
                .containsExactlyInAnyOrder("Kim Park", "Joe Ruru", "Park Ruru Ltd", "Pat Director");
    }

    // --- Pushing changes to Xero Practice Manager

    @Test
    @DisplayName("R6, R14 An Organization of a selected Contact Type is pushed to XPM when first created and when updated")
    void organizationsOfASelectedContactTypeArePushedWhenCreatedAndUpdated() {
        Firm firm = Firm.create("Push Org").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        OrganizationDto org = firm.karbon.createOrganization(organization("Kea Consulting Ltd", "Client",
                "hello@kea.example"));
        firm.karbon.createOrganization(organization("Paper Supplier Ltd", "Supplier", "sales@paper.example"));
        XpmClient created = await().atMost(SECONDS).until(() -> firm.xpmClient("Kea Consulting Ltd"),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(created.email()).isEqualTo("hello@kea.example");

        OrganizationDto current = firm.karbon.getOrganization(org.organizationKey());
        BusinessCardDto card = current.businessCards().get(0);
        firm.karbon.replaceOrganization(org.organizationKey(), new OrganizationRequest("Kea Advisory Ltd", "Client",
                null, null, List.of(new BusinessCardDto(card.businessCardKey(), "Organization",
                org.organizationKey(), true, null, null, List.of("team@kea.example"), card.phoneNumbers(), card.addresses(), null))));
        await().atMost(SECONDS).until(() -> firm.xpmClient("Kea Advisory Ltd").map(XpmClient::email)
                .filter("team@kea.example"::equals).isPresent());
        assertThat(firm.xpmClients()).extracting(XpmClient::uuid).containsExactly(created.uuid());
        assertThat(firm.xpmClient("Paper Supplier Ltd")).as("Supplier is not a pushed Contact Type").isEmpty();
    }

    @Test
    @DisplayName("R6 Leaving all Contact Types unselected stops any updates being pushed to XPM")
    void noContactTypeSelectedPushesNothing() {
        Firm firm = Firm.create("Push None").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        OrganizationDto org = firm.karbon.createOrganization(organization("Quiet Ltd", "Client", "q@quiet.example"));
        await().atMost(SECONDS).until(() -> at("push-service").get("/firms/" + firm.id + "/push-status").jsonPath()
                .getList("waiting").isEmpty());
        firm.karbon.replaceOrganization(org.organizationKey(), new OrganizationRequest("Quieter Ltd", "Client", null,
                null, null));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> firm.xpmWrites().isEmpty());
        assertThat(firm.xpmClients()).isEmpty();
    }

    @Test
    @DisplayName("R15 Only People associated with an Organization via a contact card are pushed; others are not created or synced")
    void onlyPeopleLinkedToAnOrganizationArePushed() {
        Firm firm = Firm.create("Push People").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        OrganizationDto org = firm.karbon.createOrganization(organization("Manuka Labs Ltd", "Client",
                "lab@manuka.example"));
        XpmClient client = await().atMost(SECONDS).until(() -> firm.xpmClient("Manuka Labs Ltd"),
                java.util.Optional::isPresent).orElseThrow();
        firm.karbon.createContact(person("Hana", "Wiki", "hana@manuka.example", org.organizationKey()));
        firm.karbon.createContact(person("Lone", "Walker", "lone@walker.example", null));
        await().atMost(SECONDS).until(() -> firm.xpmClient("Manuka Labs Ltd").orElseThrow().contacts().size() == 1);
        XpmContact contact = firm.xpmClient("Manuka Labs Ltd").orElseThrow().contacts().get(0);
        assertThat(contact.name()).isEqualTo("Hana Wiki");
        assertThat(contact.email()).isEqualTo("hana@manuka.example");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> firm.xpmClients().size() == 1);
        assertThat(firm.xpmClients()).extracting(XpmClient::uuid).containsExactly(client.uuid());
        assertThat(firm.xpmClients().get(0).contacts()).extracting(XpmContact::name).doesNotContain("Lone Walker");
    }

    @Test
    @DisplayName("R16 Pushing happens in real time: a Karbon change is in XPM within seconds")
    void pushingIsCompleteWithinSecondsOfTheChange() {
        Firm firm = Firm.create("Real Time").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        long start = System.nanoTime();
        firm.karbon.createOrganization(organization("Swift Ltd", "Client", "go@swift.example"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> firm.xpmClient("Swift Ltd").isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("R17 Only the first address and phone number are synced from Karbon to XPM")
    void onlyTheFirstAddressAndPhoneArePushed() {
        Firm firm = Firm.create("First Only").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        firm.karbon.createOrganization(new OrganizationRequest("Two Of Each Ltd", "Client", null, null,
                List.of(new BusinessCardDto(null, null, null, true, null, null, List.of("two@each.example"),
                        List.of(new PhoneNumberDto(null, "09 555 0001", null, "Work"),
                                new PhoneNumberDto(null, "021 555 0002", null, "Mobile")),
                        List.of(new AddressDto(null, "1 First Street", "Wellington", null, "6011", "NZ", "Physical"),
                                new AddressDto(null, "PO Box 2", "Wellington", null, "6140", "NZ", "Mailing")),
                        null))));
        XpmClient client = await().atMost(SECONDS).until(() -> firm.xpmClient("Two Of Each Ltd"),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(client.phone()).isEqualTo("09 555 0001");
        assertThat(client.address()).isEqualTo("1 First Street");
        assertThat(client.postCode()).isEqualTo("6011");
        assertThat(client.postalAddress()).isNullOrEmpty();
        assertThat(client.fax()).isNullOrEmpty();
    }

    // --- Viewing mapped contacts

    @Test
    @DisplayName("R18 View Client List shows the XPM contacts that are connected in Karbon, searchable, sorted and paged")
    void viewClientListShowsTheMappedContacts() {
        Firm firm = Firm.create("Client List").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        for (String name : List.of("Alpha Ltd", "Bravo Ltd", "Charlie Ltd", "Delta Ltd")) {
            firm.addXpmClient("<Name>" + name + "</Name>" + COMPANY);
        }
        firm.syncNow();
        assertThat(firm.mappings("?sort=xpmName&order=desc&size=3").getList("items.xpmName"))
                .containsExactly("Delta Ltd", "Charlie Ltd", "Bravo Ltd");
        assertThat(firm.mappings("?sort=xpmName&order=desc&size=3&page=1").getList("items.xpmName"))
                .containsExactly("Alpha Ltd");
        JsonPath search = firm.mappings("?search=charl");
        assertThat(search.getInt("total")).isEqualTo(1);
        assertThat(search.getString("items[0].karbonName")).isEqualTo("Charlie Ltd");
    }

    @Test
    @DisplayName("R19 Remove Match from the options menu removes a mapping that is incorrect")
    void removeMatchEndsTheMapping() {
        Firm firm = Firm.create("Remove Match").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.addXpmClient("<Name>Wrong Match Ltd</Name>" + COMPANY);
        firm.syncNow();
        String mapping = firm.mappings("").getString("items[0].id");
        at("mapping-service").delete("/firms/" + firm.id + "/mappings/" + mapping).then().statusCode(200);
        assertThat(firm.mappings("").getInt("total")).isZero();
        at("mapping-service").delete("/firms/" + firm.id + "/mappings/" + mapping).then().statusCode(409);
        assertThat(firm.karbonContacts()).as("nothing is deleted in Karbon").hasSize(1);
        assertThat(firm.xpmClients()).as("nothing is deleted in XPM").hasSize(1);
    }

    // --- Updating contacts

    @Test
    @DisplayName("R21, R22 Name, email, phone, physical and mailing address changes in XPM reach Karbon (on Sync Now)")
    void xpmChangesReachKarbonOnSyncNow() {
        Firm firm = Firm.create("XPM Updates").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        String uuid = firm.addXpmClient("<Name>Old Name Ltd</Name><Email>old@name.example</Email>" + COMPANY);
        firm.syncNow();
        firm.updateXpmClient(uuid, "<Name>New Name Ltd</Name><Email>new@name.example</Email><Phone>07 555 0100</Phone>"
                + "<Address>5 Bridge Street</Address><City>Hamilton</City><PostCode>3204</PostCode>"
                + "<PostalAddress>PO Box 5</PostalAddress><PostalCity>Hamilton</PostalCity>" + COMPANY);
        firm.syncNow();
        ContactSnapshot org = firm.karbonContacts().get(0);
        assertThat(firm.karbonContacts()).hasSize(1);
        assertThat(org.name()).isEqualTo("New Name Ltd");
        assertThat(org.emails()).containsExactly("new@name.example");
        assertThat(org.phones()).extracting(Phone::number).containsExactly("07 555 0100");
        assertThat(org.physicalAddress().lines()).containsExactly("5 Bridge Street");
        assertThat(org.mailingAddress().lines()).containsExactly("PO Box 5");
        assertThat(firm.mappings("").getString("items[0].karbonName")).isEqualTo("New Name Ltd");
    }

    @Test
    @DisplayName("R21 Name, email, phone and address changes in Karbon reach the connected XPM client")
    void karbonChangesReachTheConnectedXpmClient() {
        Firm firm = Firm.create("Karbon Updates").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Synced Ltd</Name><Email>a@synced.example</Email>" + COMPANY);
        firm.syncNow();
        ContactSnapshot synced = firm.karbonContact("Synced Ltd").orElseThrow();
        OrganizationDto org = firm.karbon.getOrganization(synced.ref().id());
        BusinessCardDto card = org.businessCards().get(0);
        firm.karbon.replaceOrganization(org.organizationKey(), new OrganizationRequest("Synced Group Ltd", "Client",
                null, null, List.of(new BusinessCardDto(card.businessCardKey(), "Organization",
                org.organizationKey(), true, null, null, List.of("b@synced.example"), List.of(new PhoneNumberDto(null, "04 555 0100", null, "Work")),
                List.of(new AddressDto(null, "9 Cuba Street", "Wellington", null, "6011", "NZ", "Physical")),
                null))));
        XpmClient client = await().atMost(SECONDS).until(() -> firm.xpmClient("Synced Group Ltd"),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(client.uuid()).isEqualToIgnoringCase(uuid);
        assertThat(client.email()).isEqualTo("b@synced.example");
        assertThat(client.phone()).isEqualTo("04 555 0100");
        assertThat(client.address()).isEqualTo("9 Cuba Street");
        assertThat(client.city()).isEqualTo("Wellington");
        assertThat(firm.xpmClients()).hasSize(1);
    }

    // --- helpers

    static OrganizationRequest organization(String name, String contactType, String email) {
        return new OrganizationRequest(name, contactType, null, null, List.of(new BusinessCardDto(null, null, null,
                true, null, null, List.of(email), null, null, null)));
    }

    static ContactRequest person(String first, String last, String email, String organizationKey) {
        return new ContactRequest(first, null, last, null, null, "Client", null, null, List.of(new BusinessCardDto(
                null, null, null, true, organizationKey, null, List.of(email), null, null, null)));
    }

    private static Map<String, Object> partial(List<Map<String, Object>> partials, String xpmName) {
        return partials.stream().filter(p -> xpmName.equals(((Map<?, ?>) p.get("xpmRecord")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no partial match for " + xpmName + " in " + partials));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> candidate(Map<String, Object> partial) {
        return ((List<Map<String, Object>>) partial.get("candidates")).get(0);
    }
}
