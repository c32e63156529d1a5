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

    @BeforeEach
    void connect() throws Exception {
        TestFirms firm = TestFirms.create("Client", "Prospect");
        firmId = firm.firmId();
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

        client.updateBusinessCard(card, new BusinessCardDto(null, null, null, true, null, null,
                List.of("a@new.example"), null, null, null));
        client.updateContact(person.contactKey(), new ContactRequest("Aroha", null, "Ngata-Smith", null, null,
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
}
