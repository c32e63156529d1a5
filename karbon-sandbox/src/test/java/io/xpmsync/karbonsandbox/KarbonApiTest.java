package io.xpmsync.karbonsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.infra.RealInfraTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** The sandbox answers like Karbon API v3, checked against Karbon's own OpenAPI schemas. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class KarbonApiTest {

    private String firmId;
    private String applicationId;
    private String accessKey;
    private TestFirms firm;

    @BeforeEach
    void createFirm() {
        firm = TestFirms.create("Client", "Prospect", "Supplier");
        firmId = firm.firmId();
        applicationId = firm.applicationId();
        accessKey = firm.accessKey();
    }

    @org.junit.jupiter.api.AfterAll
    static void everyAnswerConformedToKarbonsSpec() {
        assertThat(SpecConformanceFilter.CHECKED.get()).as("answers checked against Karbon's OpenAPI document")
                .isPositive();
        assertThat(SpecConformanceFilter.VIOLATIONS).isEmpty();
    }

    private RequestSpecification api() {
        return firm.api();
    }

    private String createOrganization(String name, String email) {
        return api().body(Map.of("FullName", name, "ContactType", "Client", "BusinessCards", List.of(Map.of(
                        "IsPrimaryCard", true,
                        "EmailAddresses", List.of(email),
                        "PhoneNumbers", List.of(Map.of("Number", "+61 2 9000 1000", "Label", "Work")),
                        "Addresses", List.of(
                                Map.of("AddressLines", "12 Circular Quay", "City", "Sydney", "StateProvinceCounty", "NSW",
                                        "ZipCode", "2000", "CountryCode", "AU", "Label", "Physical"),
                                Map.of("AddressLines", "PO Box 77", "City", "Sydney", "ZipCode", "2001",
                                        "CountryCode", "AU", "Label", "Mailing"))))))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");
    }

    private String createPerson(String first, String last, String email, String organizationKey) {
        Map<String, Object> card = organizationKey == null
                ? Map.of("EmailAddresses", List.of(email))
                : Map.of("EmailAddresses", List.of(email), "OrganizationKey", organizationKey);
        return api().body(Map.of("FirstName", first, "LastName", last, "ContactType", "Client",
                        "BusinessCards", List.of(card)))
                .post("/v3/Contacts").then().statusCode(201).extract().path("ContactKey");
    }

    @Test
    void created_contacts_and_organizations_match_karbons_response_schemas() {
        String org = createOrganization("Harbour View Holdings", "info@harbour.example");
        String body = api().body(Map.of("FirstName", "Mia", "LastName", "Chen", "ContactType", "Client",
                        "BusinessCards", List.of(Map.of("EmailAddresses", List.of("mia@harbour.example"),
                                "OrganizationKey", org))))
                .post("/v3/Contacts").then().statusCode(201).extract().asString();
        assertThat(KarbonSpec.errors("ResponseCreateContact", body)).isEmpty();

        String orgBody = api().get("/v3/Organizations/" + org).then().statusCode(200).extract().asString();
        assertThat(KarbonSpec.errors("CreateOrganizationResponse", orgBody)).isEmpty();
        assertThat(JsonPath.from(orgBody).getList("Contacts.FullName")).containsExactly("Mia Chen");
    }

    @Test
    void the_schema_check_rejects_what_karbon_would_not_send() {
        assertThat(KarbonSpec.errors("GetContacts", "{\"value\": [{\"FullName\": 7}]}")).isNotEmpty();
        assertThat(KarbonSpec.errors("ResponseCreateContact", "{\"ContactKey\": \"x\"}")).contains("FirstName");
    }

    @Test
    void lists_match_karbons_schemas_and_page_by_100_with_a_next_link() {
        for (int i = 0; i < 105; i++) {
            given().contentType(ContentType.JSON).body(Map.of("FirstName", "Person", "LastName", "No" + i))
                    .post("/admin/firms/" + firmId + "/contacts").then().statusCode(201);
        }
        createOrganization("Harbour View Holdings", "info@harbour.example");

        String first = api().get("/v3/Contacts").then().statusCode(200).extract().asString();
        assertThat(KarbonSpec.errors("GetContacts", first)).isEmpty();
        JsonPath page = JsonPath.from(first);
        assertThat(page.getList("value")).hasSize(100);
        assertThat(page.getLong("'@odata.count'")).isEqualTo(105);
        String next = page.getString("'@odata.nextLink'");
        assertThat(next).contains("$skip=100");

        JsonPath second = api().get(next).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("value")).hasSize(5);
        assertThat(second.getString("'@odata.nextLink'")).isNull();

        String orgs = api().get("/v3/Organizations").then().statusCode(200).extract().asString();
        assertThat(KarbonSpec.errors("GetOrganizations", orgs)).isEmpty();
    }

    @Test
    void answers_are_compressed_for_a_client_that_asks() {
        createPerson("Oliver", "Smith", "oliver@example.com", null);
        api().header("Accept-Encoding", "gzip").get("/v3/Contacts").then().statusCode(200)
                .header("Content-Encoding", "gzip");
    }

    @Test
    void filters_on_name_and_email_compare_case_insensitively() {
        createPerson("Oliver", "Smith", "oliver@example.com", null);
        createPerson("Olivia", "Smithers", "olivia@example.com", null);

        api().queryParam("$filter", "FullName eq 'OLIVER SMITH'").get("/v3/Contacts").then().statusCode(200)
                .body("value.FullName", equalTo(List.of("Oliver Smith")));
        api().queryParam("$filter", "EmailAddress eq 'Olivia@Example.com'").get("/v3/Contacts").then()
                .body("value.FullName", equalTo(List.of("Olivia Smithers")));
        api().queryParam("$filter", "contains(FullName,'smith')").queryParam("$orderby", "FullName")
                .get("/v3/Contacts").then().body("value.FullName", equalTo(List.of("Oliver Smith", "Olivia Smithers")));
    }

    @Test
    void business_cards_expand_with_the_organization_link_and_match_karbons_schema() {
        String org = createOrganization("Kauri Bay Trust", "trust@kauri.example");
        String person = createPerson("Aroha", "Ngata", "aroha@kauri.example", org);

        JsonPath contact = api().queryParam("$expand", "BusinessCards").get("/v3/Contacts/" + person).then()
                .statusCode(200).extract().jsonPath();
        assertThat(contact.getString("BusinessCards[0].OrganizationKey")).isEqualTo(org);

        String cardKey = contact.getString("BusinessCards[0].BusinessCardKey");
        String card = api().get("/v3/BusinessCards/" + cardKey).then().statusCode(200).extract().asString();
        assertThat(KarbonSpec.errors("BusinessCard", card)).isEmpty();
    }

    @Test
    void the_card_marked_primary_is_the_primary_one_and_comes_first() {
        String key = api().body(Map.of("FullName", "Two Cards Ltd", "BusinessCards", List.of(
                        Map.of("EmailAddresses", List.of("second@two.example")),
                        Map.of("IsPrimaryCard", true, "EmailAddresses", List.of("primary@two.example")))))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");

        JsonPath org = api().queryParam("$expand", "BusinessCards").get("/v3/Organizations/" + key).then()
                .statusCode(200).extract().jsonPath();
        assertThat(org.getList("BusinessCards.IsPrimaryCard")).containsExactly(true, false);
        assertThat(org.getString("BusinessCards[0].EmailAddresses[0]")).isEqualTo("primary@two.example");
    }

    @Test
    void tenant_settings_list_the_firms_contact_types() {
        String body = api().get("/v3/TenantSettings").then().statusCode(200).extract().asString();

        assertThat(KarbonSpec.errors("GetTenantSettings", body)).isEmpty();
        assertThat(JsonPath.from(body).getList("ContactTypes.Name")).containsExactly("Client", "Prospect", "Supplier");
    }

    @Test
    void requests_without_valid_credentials_are_refused() {
        given().get("/v3/Contacts").then().statusCode(401).body("error.code", equalTo("Unauthorized"));
        given().header("Authorization", "Bearer " + applicationId).header("AccessKey", "wrong")
                .get("/v3/Contacts").then().statusCode(401);
        given().header("Authorization", "Bearer someone-else").header("AccessKey", accessKey)
                .get("/v3/Contacts").then().statusCode(401);
    }

    @Test
    void bad_input_gets_a_specific_error_and_no_stack_trace() {
        api().body(Map.of("FirstName", "No", "LastName", "Type", "ContactType", "Alien")).post("/v3/Contacts")
                .then().statusCode(400).body("error.message", containsString("ContactType 'Alien'"));
        api().body(Map.of("FirstName", "Only")).post("/v3/Contacts")
                .then().statusCode(400).body("error.message", containsString("LastName"));
        api().body("{\"FirstName\": ").post("/v3/Contacts")
                .then().statusCode(400).body("error.code", equalTo("BadRequest"))
                .body(not(containsString("at io.")));
        api().queryParam("$filter", "Website eq 'x'").get("/v3/Contacts")
                .then().statusCode(400).body("error.message", containsString("'Website'"));
        api().get("/v3/Contacts/doesnotexist").then().statusCode(404);
        api().body(Map.of("FirstName", "A", "LastName", "B", "BusinessCards",
                        List.of(Map.of("OrganizationKey", "nosuchorg"))))
                .post("/v3/Contacts").then().statusCode(400).body("error.message", containsString("nosuchorg"));
        given().contentType(ContentType.JSON).body(Map.of("firmId", firmId, "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(firmId));
    }

    @Test
    void put_answers_204_without_a_body_and_patch_answers_the_record() {
        String org = createOrganization("Rata Ltd", "hi@rata.example");
        String put = api().body(Map.of("FullName", "Rata Holdings Ltd", "ContactType", "Client"))
                .put("/v3/Organizations/" + org).then().statusCode(204).extract().asString();
        assertThat(put).isEmpty();
        api().body(Map.of("FullName", "Rata Group Ltd")).patch("/v3/Organizations/" + org).then().statusCode(200)
                .body("FullName", equalTo("Rata Group Ltd"));
        api().body(Map.of("ContactType", "Prospect")).patch("/v3/Organizations/" + org).then().statusCode(400)
                .body("error.code", equalTo("4002")).body("error.message", containsString("ContactType"));
    }

    @Test
    void the_client_team_is_answered_only_when_expanded_and_a_put_without_it_clears_it() {
        List<Map<String, Object>> team = List.of(Map.of("MemberKey", "JTphCpQqQYg", "MemberType", "User",
                "RoleType", "ClientManager"));
        String org = api().body(Map.of("FullName", "Kauri Ltd", "ContactType", "Client", "ClientTeam", team))
                .post("/v3/Organizations").then().statusCode(201).body("$", not(hasKey("ClientTeam")))
                .extract().path("OrganizationKey");
        api().get("/v3/Organizations/" + org).then().statusCode(200).body("$", not(hasKey("ClientTeam")));
        api().get("/v3/Organizations/" + org + "?$expand=BusinessCards").then().body("$", not(hasKey("ClientTeam")));
        api().get("/v3/Organizations/" + org + "?$expand=BusinessCards,ClientTeam").then()
                .body("ClientTeam.MemberKey", contains("JTphCpQqQYg"))
                .body("ClientTeam[0].RoleType", equalTo("ClientManager"));

        // PUT is a full update: only BusinessCards is documented as left untouched when omitted
        api().body(Map.of("FullName", "Kauri Group Ltd", "ContactType", "Client")).put("/v3/Organizations/" + org)
                .then().statusCode(204);
        api().get("/v3/Organizations/" + org + "?$expand=ClientTeam").then().body("$", not(hasKey("ClientTeam")));
        api().get("/v3/Organizations/" + org + "?$expand=Notes").then().statusCode(400)
                .body("error.message", containsString("Notes"));
    }

    @Test
    void address_values_over_the_business_cards_lengths_are_refused_with_karbons_error() {
        String org = createOrganization("Long Ltd", "hi@long.example");
        for (Map<String, Object> address : List.of(
                Map.<String, Object>of("AddressLines", "x".repeat(201), "Label", "Physical"),
                Map.<String, Object>of("City", "c".repeat(101), "Label", "Physical"),
                Map.<String, Object>of("StateProvinceCounty", "r".repeat(101), "Label", "Physical"),
                Map.<String, Object>of("ZipCode", "1".repeat(21), "Label", "Physical"))) {
            String field = address.keySet().stream().filter(k -> !k.equals("Label")).findFirst().orElseThrow();
            api().body(Map.of("FullName", "Long Ltd", "BusinessCards", List.of(Map.of("IsPrimaryCard", true,
                            "Addresses", List.of(address))))).put("/v3/Organizations/" + org).then().statusCode(400)
                    .body("error.code", equalTo("BadRequest"))
                    .body("error.message", containsString("Addresses." + field));
        }
        api().body(Map.of("FullName", "Long Ltd", "BusinessCards", List.of(Map.of("IsPrimaryCard", true,
                "Addresses", List.of(Map.of("AddressLines", "x".repeat(200), "City", "c".repeat(100),
                        "ZipCode", "1".repeat(20), "Label", "Physical")))))).put("/v3/Organizations/" + org)
                .then().statusCode(204);
    }

    @Test
    void cards_sent_with_their_key_and_entity_fields_are_kept_and_others_are_removed() {
        String org = createOrganization("Miro Ltd", "hi@miro.example");
        String card = api().get("/v3/Organizations/" + org + "?$expand=BusinessCards").then().statusCode(200)
                .extract().path("BusinessCards[0].BusinessCardKey");

        api().body(Map.of("FullName", "Miro Ltd", "BusinessCards", List.of(Map.of("BusinessCardKey", card,
                        "EntityType", "Organization", "EntityKey", org, "EmailAddresses", List.of("new@miro.example")))))
                .put("/v3/Organizations/" + org).then().statusCode(204);
        api().get("/v3/Organizations/" + org + "?$expand=BusinessCards").then()
                .body("BusinessCards.BusinessCardKey", contains(card))
                .body("BusinessCards[0].EmailAddresses", contains("new@miro.example"));

        // Without EntityType and EntityKey, Karbon's reference warns the existing card may be removed: it is.
        api().body(Map.of("FullName", "Miro Ltd", "BusinessCards", List.of(Map.of("BusinessCardKey", card,
                        "EmailAddresses", List.of("again@miro.example")))))
                .put("/v3/Organizations/" + org).then().statusCode(204);
        String replaced = api().get("/v3/Organizations/" + org + "?$expand=BusinessCards").then()
                .body("BusinessCards", hasSize(1)).extract().path("BusinessCards[0].BusinessCardKey");
        assertThat(replaced).isNotEqualTo(card);

        api().body(Map.of("FullName", "Miro Ltd", "BusinessCards", List.of(Map.of("BusinessCardKey", "nosuchcard",
                        "EntityType", "Organization", "EntityKey", org))))
                .put("/v3/Organizations/" + org).then().statusCode(400).body("error.message",
                        containsString("nosuchcard"));
        // BusinessCards left out: the cards stay as they are
        api().body(Map.of("FullName", "Miro Group Ltd")).put("/v3/Organizations/" + org).then().statusCode(204);
        api().get("/v3/Organizations/" + org + "?$expand=BusinessCards").then()
                .body("BusinessCards.BusinessCardKey", contains(replaced));
    }

    @Test
    void an_application_may_not_set_a_restriction_level_other_than_public() {
        api().body(Map.of("FirstName", "Hidden", "LastName", "Person", "RestrictionLevel", "Hidden"))
                .post("/v3/Contacts").then().statusCode(403).body("error.code", equalTo("4021"))
                .body("error.message", containsString("Hidden"));
        String person = createPerson("Open", "Person", "open@example.com", null);
        api().body(Map.of("FirstName", "Open", "LastName", "Person", "RestrictionLevel", "Private"))
                .put("/v3/Contacts/" + person).then().statusCode(403).body("error.code", equalTo("4021"));
    }

    @Test
    void more_than_120_requests_a_minute_get_429_with_retry_after() {
        int status = 0;
        int calls = 0;
        String retryAfter = null;
        while (status != 429 && calls < 130) {
            var response = api().get("/v3/TenantSettings");
            status = response.statusCode();
            retryAfter = response.header("Retry-After");
            calls++;
        }
        assertThat(calls).isEqualTo(121);
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);
        var counted = RestAssured.get("/admin/firms/" + firmId + "/calls").then().statusCode(200).extract().jsonPath();
        assertThat(counted.getLong("total")).isEqualTo(120);
        assertThat(counted.getLong("byMethod.GET")).isEqualTo(120);
        assertThat(counted.getLong("rateLimited")).isEqualTo(1);
    }
}
