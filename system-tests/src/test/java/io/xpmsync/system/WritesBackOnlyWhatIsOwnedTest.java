package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.xpm.model.XpmClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.xpmsync.system.RunningSystem.at;
import static io.xpmsync.system.RunningSystem.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both APIs read some fields in another form than they write them, or only on request: XPM answers a client's tax
 * number masked and its GST period in words; Karbon answers a client team only with {@code $expand=ClientTeam}, and its
 * PUT is a full update. A client holding all three goes through a Sync Now, a Karbon edit pushed to XPM and an XPM edit
 * pulled into Karbon, and comes out with all three as they were; a value longer than Karbon takes arrives shortened,
 * with a word in the contact's history, and XPM keeps it whole.
 */
@ExtendWith(RunningSystem.class)
class WritesBackOnlyWhatIsOwnedTest {

    private static final List<Map<String, Object>> TEAM = List.of(Map.of("MemberKey", "TmVpbGEx", "MemberType",
            "User", "RoleType", "ClientManager"));

    @Test
    void aTaxNumberAGstPeriodAndAClientTeamSurviveASyncAPushAndAPull() {
        // a firm's records from before xpm-sync knew it: a Karbon organization with a client team, an XPM client with
        // a tax number and a GST period (made after connecting, the organization would be pushed to XPM as a new
        // client before the first Sync Now could match it, as its Contact Type is pushed)
        Firm firm = Firm.unknown("Owned Fields");
        String karbonKey = at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of(
                        "FullName", "Rimu Orchards Ltd", "ContactType", "Client", "ClientTeam", TEAM,
                        "BusinessCards", List.of(Map.of("IsPrimaryCard", true,
                                "EmailAddresses", List.of("office@rimu.example")))))
                .post("/admin/firms/" + firm.id + "/organizations").then().statusCode(201).extract().path("key");
        String uuid = firm.addXpmClient("<Name>Rimu Orchards Ltd</Name><Email>office@rimu.example</Email>"
                + "<Phone>07 555 0101</Phone><BusinessStructure>Company</BusinessStructure>"
                + "<TaxNumber>123-456-789</TaxNumber><GSTPeriod>2</GSTPeriod>");
        firm.registerKarbon().settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();

        firm.syncNow();
        assertThat(firm.mappings("").getList("items.method")).containsExactly("EXACT");
        assertThat(organization(firm, karbonKey).getList("BusinessCards[0].PhoneNumbers.Number"))
                .as("the XPM phone was written to Karbon").containsExactly("07 555 0101");
        assertTeamKept(firm, karbonKey);

        // Karbon -> XPM: a person edits the email in Karbon
        firm.karbon.updateOrganization(karbonKey, current -> new OrganizationDto(null, null,
                current.organizationKey(), current.fullName(), current.contactType(),
                current.userDefinedIdentifier(), current.restrictionLevel(), null, current.businessCards().stream()
                .map(c -> new BusinessCardDto(c.businessCardKey(), null, null, true, null, null,
                        List.of("accounts@rimu.example"), c.phoneNumbers(), c.addresses(), c.webSites())).toList(),
                null));
        XpmClient pushed = await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClient("Rimu Orchards Ltd"),
                c -> c.map(XpmClient::email).filter("accounts@rimu.example"::equals).isPresent()).orElseThrow();
        assertThat(pushed.taxNumber()).as("XPM answers it masked: never sent back").isEqualTo("123-456-789");
        assertThat(pushed.gstPeriod()).as("XPM answers it in words: never sent back").isEqualTo("Two Monthly");

        // XPM -> Karbon: a person edits the phone in XPM, Sync Now brings it over
        firm.updateXpmClient(uuid, "<Phone>07 555 0199</Phone>");
        firm.syncNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> organization(firm, karbonKey)
                .getList("BusinessCards[0].PhoneNumbers.Number").contains("07 555 0199"));
        assertTeamKept(firm, karbonKey);
        XpmClient after = firm.xpmClient("Rimu Orchards Ltd").orElseThrow();
        assertThat(after.taxNumber()).isEqualTo("123-456-789");
        assertThat(after.gstPeriod()).isEqualTo("Two Monthly");
        assertThat(after.email()).isEqualTo("accounts@rimu.example");
    }

    @Test
    void aLongXpmAddressReachesKarbonShortenedWithAWordInTheHistoryAndStaysWholeInXpm() {
        Firm firm = Firm.create("Long Address").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String lines = "Unit 4, Orchard Chambers, " + "Old Packhouse Road and Coolstore Lane, ".repeat(6);
        firm.addXpmClient("<Name>Totara Packhouse Ltd</Name><Email>office@totara.example</Email>"
                + "<Address>" + lines + "</Address><City>Te Puke</City><PostCode>3119</PostCode>"
                + "<Country>New Zealand</Country><BusinessStructure>Company</BusinessStructure>");
        int writesBefore = firm.xpmWrites().size();

        firm.syncNow();

        Map<String, Object> row = firm.mappings("?search=Totara").getMap("items[0]");
        String written = organization(firm, (String) row.get("karbonKey"))
                .getString("BusinessCards[0].Addresses[0].AddressLines");
        assertThat(written).hasSizeLessThanOrEqualTo(200).isEqualTo(lines.substring(0, 200).stripTrailing());
        JsonPath timeline = at("mapping-service").get("/firms/" + firm.id + "/mappings/" + row.get("id")
                + "/history").then().statusCode(200).extract().jsonPath();
        assertThat(timeline.getString("items[0].summary")).as(timeline.prettify())
                .contains("Address shortened to Karbon's 200 characters");
        // Karbon's change coming back is xpm-sync's own write (the shortened address is XPM's, as Karbon holds it):
        // XPM keeps the whole address, and no second client is made from it
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                firm.xpmWrites().size() == writesBefore);
        assertThat(firm.xpmClient("Totara Packhouse Ltd").orElseThrow().address()).isEqualTo(lines.strip());
        assertThat(firm.xpmClients()).hasSize(1);
    }

    private static void assertTeamKept(Firm firm, String karbonKey) {
        JsonPath team = organization(firm, karbonKey);
        assertThat(team.getList("ClientTeam.MemberKey")).as("the client team Karbon answers only on request")
                .containsExactly("TmVpbGEx");
        assertThat(team.getString("ClientTeam[0].RoleType")).isEqualTo("ClientManager");
    }

    private static JsonPath organization(Firm firm, String key) {
        JsonPath credentials = at("karbon-sandbox").get("/admin/firms/" + firm.id).jsonPath();
        return given().baseUri(url("karbon-sandbox"))
                .header("Authorization", "Bearer " + credentials.getString("applicationId"))
                .header("AccessKey", credentials.getString("accessKey"))
                .get("/v3/Organizations/" + key + "?$expand=BusinessCards,ClientTeam").then().statusCode(200)
                .extract().jsonPath();
    }
}
