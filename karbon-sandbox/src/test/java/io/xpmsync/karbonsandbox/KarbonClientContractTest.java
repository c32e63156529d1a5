package io.xpmsync.karbonsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.infra.RealInfraTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** xpm-sync's Karbon client against the sandbox over HTTP: what the services will do, end to end. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class KarbonClientContractTest {

    @TestHTTPResource("/")
    URL base;

    private KarbonClient client;
    private String firmId;
    private String applicationId;
    private String accessKey;

    @BeforeEach
    void connect() throws Exception {
        TestFirms firm = TestFirms.create("Client", "Prospect");
        firmId = firm.firmId();
        applicationId = firm.applicationId();
        accessKey = firm.accessKey();
        client = new KarbonClient(KarbonClientConfig.of(URI.create(base.toString()), firm.applicationId(),
                firm.accessKey()));
    }

    @Test
    void creates_an_organization_and_a_linked_person_and_reads_them_back() {
        OrganizationDto org = client.createOrganization(new OrganizationRequest("Harbour View Holdings", "Client",
                null, null, List.of(new BusinessCardDto(null, null, null, true, null, null,
                List.of("info@harbour.example"), List.of(new PhoneNumberDto(null, "+61 2 9000 1000", "AU", "Work")),
                List.of(new AddressDto(null, "12 Circular Quay", "Sydney", "NSW", "2000", "AU", "Physical")),
                null))));
        ContactDto person = client.createContact(new ContactRequest("Mia", null, "Chen", null, null, "Client", null,
                null, List.of(new BusinessCardDto(null, null, null, true, org.organizationKey(), "CFO",
                List.of("mia@harbour.example"), null, null, null))));

        OrganizationDto read = client.getOrganization(org.organizationKey());
        assertThat(read.fullName()).isEqualTo("Harbour View Holdings");
        assertThat(read.businessCards().get(0).phoneNumbers()).extracting(PhoneNumberDto::number)
                .containsExactly("+61 2 9000 1000");
        assertThat(read.contacts()).extracting(OrganizationDto.RelatedContactDto::contactKey)
                .containsExactly(person.contactKey());
        assertThat(client.getContact(person.contactKey()).businessCards().get(0).organizationKey())
                .isEqualTo(org.organizationKey());
    }

    @Test
    void lists_every_page_and_filters() {
        for (int i = 0; i < 230; i++) {
            given().contentType(ContentType.JSON).body(Map.of("FirstName", "Person", "LastName", "No" + i))
                    .post("/admin/firms/" + firmId + "/contacts").then().statusCode(201);
        }

        assertThat(client.listContacts(null)).hasSize(230);
        assertThat(client.listContacts("FullName eq 'person no7'")).extracting(c -> c.fullName())
                .containsExactly("Person No7");
    }

    @Test
    void updates_a_business_card_and_a_contact() {
        ContactDto person = client.createContact(new ContactRequest("Aroha", null, "Ngata", null, null, null, null,
                null, List.of(new BusinessCardDto(null, null, null, true, null, null, List.of("a@old.example"), null,
                null, null))));
        String card = client.getContact(person.contactKey()).businessCards().get(0).businessCardKey();

        client.replaceBusinessCard(card, new BusinessCardDto(null, null, null, true, null, null,
                List.of("a@new.example"), null, null, null));
        client.replaceContact(person.contactKey(), new ContactRequest("Aroha", null, "Ngata-Smith", null, null,
                "Prospect", null, null, null));

        ContactDto read = client.getContact(person.contactKey());
        assertThat(read.lastName()).isEqualTo("Ngata-Smith");
        assertThat(read.contactType()).isEqualTo("Prospect");
        assertThat(read.businessCards().get(0).emailAddresses()).containsExactly("a@new.example");
        assertThat(client.tenantSettings().contactTypes()).extracting(t -> t.name()).containsExactly("Client", "Prospect");
    }

    @Test
    void refusals_arrive_as_typed_errors_with_karbons_message() {
        assertThatThrownBy(() -> client.getContact("nosuchkey")).isInstanceOf(KarbonClientException.class)
                .matches(e -> ((KarbonClientException) e).isNotFound());
        assertThatThrownBy(() -> client.createContact(new ContactRequest("No", null, "Type", null, null, "Alien",
                null, null, null))).isInstanceOf(KarbonClientException.class).hasMessageContaining("Alien");
    }

    @Test
    void an_update_changes_only_what_it_changes_and_keeps_card_keys_social_links_and_unmodelled_fields() {
        String person = given().contentType(ContentType.JSON).body(Map.of("FirstName", "Mia", "LastName", "Chen",
                        "Suffix", "Jr.", "EntityDescription", Map.of("Text", "Long-standing client"),
                        "RestrictionLevel", "Hidden", "BusinessCards", List.of(
                                Map.of("IsPrimaryCard", true, "EmailAddresses", List.of("mia@old.example"),
                                        "FacebookLink", "https://facebook.example/mia",
                                        "LinkedInLink", "https://linkedin.example/mia"),
                                Map.of("IsPrimaryCard", false, "EmailAddresses", List.of("mia@home.example")))))
                .post("/admin/firms/" + firmId + "/contacts").then().statusCode(201).extract().path("key");
        io.restassured.path.json.JsonPath before = read(person);

        ContactDto written = client.updateContact(person, current -> new ContactDto(null, null, current.contactKey(),
                current.firstName(), current.middleName(), "Chen-Walker", current.preferredName(),
                current.salutation(), current.contactType(), current.userDefinedIdentifier(),
                current.restrictionLevel(), null, current.businessCards().stream()
                .map(c -> Boolean.TRUE.equals(c.isPrimaryCard()) ? new BusinessCardDto(c.businessCardKey(), null,
                        null, true, c.organizationKey(), c.roleOrTitle(), List.of("mia@new.example"),
                        c.phoneNumbers(), c.addresses(), c.webSites()) : c).toList())).orElseThrow();

        io.restassured.path.json.JsonPath after = read(person);
        assertThat(written.lastName()).isEqualTo("Chen-Walker");
        assertThat(after.getString("LastName")).isEqualTo("Chen-Walker");
        assertThat(after.getString("Suffix")).isEqualTo("Jr.");
        assertThat(after.getString("EntityDescription.Text")).isEqualTo("Long-standing client");
        assertThat(after.getString("RestrictionLevel")).as("left out, so unchanged").isEqualTo("Hidden");
        assertThat(after.getList("BusinessCards.BusinessCardKey"))
                .containsExactlyElementsOf(before.getList("BusinessCards.BusinessCardKey"));
        assertThat(after.getList("BusinessCards[0].EmailAddresses")).containsExactly("mia@new.example");
        assertThat(after.getString("BusinessCards[0].FacebookLink")).isEqualTo("https://facebook.example/mia");
        assertThat(after.getString("BusinessCards[0].LinkedInLink")).isEqualTo("https://linkedin.example/mia");
        assertThat(after.getList("BusinessCards[1].EmailAddresses")).containsExactly("mia@home.example");

        // nothing to change: no write at all
        long updates = given().get("/admin/firms/" + firmId + "/calls").jsonPath().getLong("total");
        assertThat(client.updateContact(person, current -> null)).isEmpty();
        assertThat(given().get("/admin/firms/" + firmId + "/calls").jsonPath().getLong("total"))
                .as("one read, no write").isEqualTo(updates + 1);
    }

    @Test
    void an_update_keeps_the_client_team_karbon_answers_only_when_expanded() {
        String org = given().contentType(ContentType.JSON).body(Map.of("FullName", "Totara Ltd", "ContactType",
                        "Client", "ClientTeam", List.of(Map.of("MemberKey", "Tm9vcmEx", "MemberType", "Team",
                                "RoleType", "ClientOwner")), "BusinessCards", List.of(Map.of("IsPrimaryCard", true,
                                "EmailAddresses", List.of("office@totara.example")))))
                .post("/admin/firms/" + firmId + "/organizations").then().statusCode(201).extract().path("key");

        client.updateOrganization(org, current -> new OrganizationDto(null, null, current.organizationKey(),
                "Totara Group Ltd", current.contactType(), current.userDefinedIdentifier(), current.restrictionLevel(),
                null, current.businessCards().stream().map(c -> new BusinessCardDto(c.businessCardKey(), null, null,
                        true, null, null, List.of("accounts@totara.example"), c.phoneNumbers(), c.addresses(),
                        c.webSites())).toList(), null)).orElseThrow();

        io.restassured.path.json.JsonPath after = given().header("Authorization", "Bearer " + applicationId)
                .header("AccessKey", accessKey).get("/v3/Organizations/" + org + "?$expand=BusinessCards,ClientTeam")
                .then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("FullName")).isEqualTo("Totara Group Ltd");
        assertThat(after.getList("BusinessCards[0].EmailAddresses")).containsExactly("accounts@totara.example");
        assertThat(after.getList("ClientTeam.MemberKey")).as("sent back as read").containsExactly("Tm9vcmEx");
        assertThat(after.getString("ClientTeam[0].RoleType")).isEqualTo("ClientOwner");
    }

    @Test
    void a_409_is_retried_by_reading_again_and_reapplying_the_change() {
        OrganizationDto org = client.createOrganization(new OrganizationRequest("Kauri Ltd", "Client", null, null,
                null));
        given().contentType(ContentType.JSON).body(Map.of("updates", 2))
                .post("/admin/firms/" + firmId + "/conflicts").then().statusCode(204);
        int[] applied = {0};

        client.updateOrganization(org.organizationKey(), current -> {
            applied[0]++;
            return new OrganizationDto(null, null, current.organizationKey(), "Kauri Holdings Ltd",
                    current.contactType(), current.userDefinedIdentifier(), null, null, current.businessCards(), null);
        });

        assertThat(applied[0]).isEqualTo(3);
        assertThat(client.getOrganization(org.organizationKey()).fullName()).isEqualTo("Kauri Holdings Ltd");
    }

    @Test
    void a_409_that_does_not_end_fails_clearly() {
        OrganizationDto org = client.createOrganization(new OrganizationRequest("Totara Ltd", "Client", null, null,
                null));
        given().contentType(ContentType.JSON).body(Map.of("updates", 10))
                .post("/admin/firms/" + firmId + "/conflicts").then().statusCode(204);
        assertThatThrownBy(() -> client.updateOrganization(org.organizationKey(), current -> new OrganizationDto(
                null, null, current.organizationKey(), "Totara Holdings Ltd", current.contactType(), null, null, null,
                null, null))).isInstanceOf(KarbonClientException.class).hasMessageContaining("409")
                .hasMessageContaining("Refetch");
    }

    private io.restassured.path.json.JsonPath read(String contactKey) {
        return given().header("Authorization", "Bearer " + applicationId).header("AccessKey", accessKey)
                .get("/v3/Contacts/" + contactKey + "?$expand=BusinessCards").then().statusCode(200).extract()
                .jsonPath();
    }
}
