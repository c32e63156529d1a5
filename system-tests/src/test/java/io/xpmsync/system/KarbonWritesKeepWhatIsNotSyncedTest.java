package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xpmsync.system.RunningSystem.at;
import static io.xpmsync.system.RunningSystem.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Karbon's PUT replaces a whole record, and an existing business card sent without its key and entity fields may be
 * removed with its Client Requests: when xpm-sync writes an XPM change into a mapped Karbon contact, everything in
 * Karbon that is not synced stays as it was (karbon-sandbox keeps and answers back what it does not interpret, as
 * Karbon does).
 */
@ExtendWith(RunningSystem.class)
class KarbonWritesKeepWhatIsNotSyncedTest {

    @Test
    void anXpmChangeWrittenIntoAMappedKarbonContactKeepsItsCardsSocialLinksAndUnsyncedFields() {
        Firm firm = Firm.create("Keeps").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        String bakery = at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of(
                        "FullName", "Harbour Bakery Ltd", "ContactType", "Client", "RestrictionLevel", "Private",
                        "EntityDescription", Map.of("Text", "Bakery since 1990"),
                        "BusinessCards", List.of(
                                Map.of("IsPrimaryCard", true, "EmailAddresses", List.of("orders@harbour.example"),
                                        "FacebookLink", "https://facebook.example/harbour"),
                                Map.of("IsPrimaryCard", false, "EmailAddresses", List.of("accounts@harbour.example"),
                                        "LinkedInLink", "https://linkedin.example/harbour"))))
                .post("/admin/firms/" + firm.id + "/organizations").then().statusCode(201).extract().path("key");
        JsonPath before = organization(firm, bakery);

        firm.addXpmClient("<Name>Harbour Bakery Ltd</Name><Email>orders@harbour.example</Email>"
                + "<Phone>09 555 0101</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();

        assertThat(firm.mappings("").getList("items.method")).containsExactly("EXACT");
        JsonPath after = organization(firm, bakery);
        assertThat(after.getList("BusinessCards[0].PhoneNumbers.Number")).as("the XPM phone was written")
                .containsExactly("09 555 0101");
        assertThat(after.getList("BusinessCards.BusinessCardKey")).as("the same cards, not new ones")
                .containsExactlyElementsOf(before.getList("BusinessCards.BusinessCardKey"));
        assertThat(after.getString("BusinessCards[0].FacebookLink")).isEqualTo("https://facebook.example/harbour");
        assertThat(after.getList("BusinessCards[1].EmailAddresses")).containsExactly("accounts@harbour.example");
        assertThat(after.getString("BusinessCards[1].LinkedInLink")).isEqualTo("https://linkedin.example/harbour");
        assertThat(after.getString("EntityDescription.Text")).isEqualTo("Bakery since 1990");
        assertThat(after.getString("RestrictionLevel")).isEqualTo("Private");
    }

    private static JsonPath organization(Firm firm, String key) {
        JsonPath credentials = at("karbon-sandbox").get("/admin/firms/" + firm.id).jsonPath();
        return given().baseUri(url("karbon-sandbox"))
                .header("Authorization", "Bearer " + credentials.getString("applicationId"))
                .header("AccessKey", credentials.getString("accessKey"))
                .get("/v3/Organizations/" + key + "?$expand=BusinessCards").then().statusCode(200).extract()
                .jsonPath();
    }
}
