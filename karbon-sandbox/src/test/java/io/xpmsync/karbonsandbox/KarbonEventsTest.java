package io.xpmsync.karbonsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.karbon.KarbonSnapshots;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.CloudEventHeaders;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every change in the sandbox's Karbon reaches karbon.contacts.changed.v1 with the contact's whole synced state. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class KarbonEventsTest {

    private static final EventCodec CODEC = new EventCodec();
    private final KafkaTestClient kafka = new KafkaTestClient(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    private String firmId;
    private TestFirms firm;

    @BeforeEach
    void createFirm() {
        firm = TestFirms.create("Client", "Supplier");
        firmId = firm.firmId();
    }

    private RequestSpecification api() {
        return firm.api();
    }

    @Test
    void a_created_organization_is_announced_with_every_synced_field() {
        String key = api().body(Map.of("FullName", "Harbour View Holdings", "ContactType", "client",
                        "BusinessCards", List.of(Map.of(
                                "EmailAddresses", List.of("info@harbour.example", "accounts@harbour.example"),
                                "PhoneNumbers", List.of(Map.of("Number", "+61 2 9000 1000", "Label", "Work"),
                                        Map.of("Number", "+61 400 000 111", "Label", "Mobile")),
                                "Addresses", List.of(
                                        Map.of("AddressLines", "Level 4\n12 Circular Quay", "City", "Sydney",
                                                "StateProvinceCounty", "NSW", "ZipCode", "2000", "CountryCode", "AU",
                                                "Label", "Physical"),
                                        Map.of("AddressLines", "PO Box 77", "City", "Sydney", "ZipCode", "2001",
                                                "CountryCode", "AU", "Label", "Mailing"))))))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");

        ConsumerRecord<String, String> record = eventFor(key, ChangeKind.CREATED);
        ContactSnapshot contact = CODEC.decode(record.value(), ContactChanged.class).contact();

        assertThat(record.key()).isEqualTo(firmId);
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                .isEqualTo(EventType.CONTACT_CHANGED.cloudEventType());
        assertThat(contact.ref()).isEqualTo(ContactRef.karbonOrganization(key));
        assertThat(contact.name()).isEqualTo("Harbour View Holdings");
        assertThat(contact.contactType()).as("stored as the tenant spells it").isEqualTo("Client");
        assertThat(contact.emails()).containsExactly("info@harbour.example", "accounts@harbour.example");
        assertThat(contact.phones()).containsExactly(new Phone("+61 2 9000 1000", "Work"),
                new Phone("+61 400 000 111", "Mobile"));
        assertThat(contact.physicalAddress()).isEqualTo(
                new Address(List.of("Level 4", "12 Circular Quay"), "Sydney", "NSW", "2000", "AU"));
        assertThat(contact.mailingAddress()).isEqualTo(new Address(List.of("PO Box 77"), "Sydney", null, "2001", "AU"));
        assertThat(contact.contentHash()).isEqualTo(contact.withComputedHash().contentHash());
    }

    @Test
    void a_person_linked_by_a_business_card_carries_the_link_and_card_edits_are_announced() {
        String org = given().contentType(ContentType.JSON).body(Map.of("FullName", "Kauri Bay Trust"))
                .post("/admin/firms/" + firmId + "/organizations").then().statusCode(201).extract().path("key");
        String person = api().body(Map.of("FirstName", "Aroha", "LastName", "Ngata",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("aroha@kauri.example"),
                                "OrganizationKey", org))))
                .post("/v3/Contacts").then().statusCode(201).extract().path("ContactKey");
        ContactSnapshot created = CODEC.decode(eventFor(person, ChangeKind.CREATED).value(), ContactChanged.class)
                .contact();
        assertThat(created.ref()).isEqualTo(ContactRef.karbonPerson(person));
        assertThat(created.firstName()).isEqualTo("Aroha");
        assertThat(created.lastName()).isEqualTo("Ngata");
        assertThat(created.links()).containsExactly(ContactRef.karbonOrganization(org));

        String card = api().queryParam("$expand", "BusinessCards").get("/v3/Contacts/" + person).then()
                .extract().path("BusinessCards[0].BusinessCardKey");
        api().body(Map.of("EmailAddresses", List.of("aroha@new.example"), "OrganizationKey", org))
                .put("/v3/BusinessCards/" + card).then().statusCode(204);

        ContactSnapshot updated = CODEC.decode(eventFor(person, ChangeKind.UPDATED).value(), ContactChanged.class)
                .contact();
        assertThat(updated.emails()).containsExactly("aroha@new.example");
    }

    /**
     * What matching-service publishes after a webhook notice (the record read from the API, {@link KarbonSnapshots})
     * is the same state the platform's event carries: the two sources of Karbon changes are interchangeable.
     */
    @Test
    void the_record_read_from_the_api_is_the_state_the_platform_event_carries() {
        String org = api().body(Map.of("FullName", "Harbour Trust", "ContactType", "Client",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("hi@harbour.example"),
                                        "PhoneNumbers", List.of(Map.of("Number", "09 555 0101", "Label", "Work")),
                                        "Addresses", List.of(Map.of("AddressLines", "PO Box 7", "City", "Auckland",
                                                "CountryCode", "NZ", "Label", "Mailing"))),
                                Map.of("EmailAddresses", List.of("accounts@harbour.example")))))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");
        String person = api().body(Map.of("FirstName", "Aroha", "MiddleName", "K", "LastName", "Ngata",
                        "ContactType", "Client", "BusinessCards", List.of(Map.of("EmailAddresses",
                                List.of("aroha@harbour.example"), "OrganizationKey", org,
                                "PhoneNumbers", List.of(Map.of("Number", "021 555 0102", "Label", "Mobile"))))))
                .post("/v3/Contacts").then().statusCode(201).extract().path("ContactKey");
        KarbonClient karbon = new KarbonClient(KarbonClientConfig.of(
                URI.create(ConfigProvider.getConfig().getValue("test.url", String.class)), firm.applicationId(),
                firm.accessKey()));

        ContactSnapshot orgEvent = CODEC.decode(eventFor(org, ChangeKind.CREATED).value(), ContactChanged.class)
                .contact();
        ContactSnapshot orgRead = KarbonSnapshots.organization(karbon.getOrganization(org));
        assertThat(orgRead).usingRecursiveComparison().isEqualTo(orgEvent);
        ContactSnapshot personEvent = CODEC.decode(eventFor(person, ChangeKind.CREATED).value(), ContactChanged.class)
                .contact();
        ContactSnapshot personRead = KarbonSnapshots.person(karbon.getContact(person));
        assertThat(personRead).usingRecursiveComparison().isEqualTo(personEvent);
    }

    @Test
    void an_organization_deleted_in_karbon_is_announced_deleted_and_its_people_lose_the_link() {
        String org = given().contentType(ContentType.JSON).body(Map.of("FullName", "Totara Trust"))
                .post("/admin/firms/" + firmId + "/organizations").then().statusCode(201).extract().path("key");
        String person = api().body(Map.of("FirstName", "Hemi", "LastName", "Walker",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("hemi@totara.example"),
                                "OrganizationKey", org))))
                .post("/v3/Contacts").then().statusCode(201).extract().path("ContactKey");
        eventFor(person, ChangeKind.CREATED);

        given().delete("/admin/firms/" + firmId + "/contacts/" + org).then().statusCode(204);

        ContactSnapshot deleted = CODEC.decode(eventFor(org, ChangeKind.DELETED).value(), ContactChanged.class)
                .contact();
        assertThat(deleted.ref()).isEqualTo(ContactRef.karbonOrganization(org));
        assertThat(deleted.deleted()).isTrue();
        ContactSnapshot unlinked = CODEC.decode(eventFor(person, ChangeKind.UPDATED).value(), ContactChanged.class)
                .contact();
        assertThat(unlinked.links()).isEmpty();
        api().get("/v3/Organizations/" + org).then().statusCode(404);
        given().delete("/admin/firms/" + firmId + "/contacts/" + org).then().statusCode(404);
    }

    @Test
    void a_rejected_change_announces_nothing() {
        String org = given().contentType(ContentType.JSON).body(Map.of("FullName", "Rimu Partners"))
                .post("/admin/firms/" + firmId + "/organizations").then().statusCode(201).extract().path("key");
        api().body(Map.of("FullName", "Rimu Partners Renamed", "ContactType", "Alien"))
                .put("/v3/Organizations/" + org).then().statusCode(400);
        api().body(Map.of("FullName", "Rimu Partners Ltd")).put("/v3/Organizations/" + org).then().statusCode(204);

        ContactChanged update = CODEC.decode(eventFor(org, ChangeKind.UPDATED).value(), ContactChanged.class);
        assertThat(update.contact().name()).isEqualTo("Rimu Partners Ltd");
        List<ConsumerRecord<String, String>> all = kafka.readAll(Topics.KARBON_CONTACTS_CHANGED, Duration.ofSeconds(2));
        assertThat(all).filteredOn(r -> r.value().contains("Rimu Partners Renamed")).isEmpty();
    }

    private ConsumerRecord<String, String> eventFor(String key, ChangeKind change) {
        return kafka.awaitRecord(Topics.KARBON_CONTACTS_CHANGED,
                r -> r.value().contains("\"id\":\"" + key + "\"") && r.value().contains("\"change\":\"" + change + "\""),
                Duration.ofSeconds(30));
    }
}
