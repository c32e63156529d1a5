package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What real practices hold, through the whole system: a client list as Xero's example shows it (no BusinessStructure,
 * no IsProspect), and a prospect converted to a client, which XPM gives a new UUID (requirements D4, D5).
 */
@ExtendWith(RunningSystem.class)
class RealPracticeShapesTest {

    @Test
    void aListWithoutBusinessStructureStillCreatesAPersonAsAPersonAndAnOrganizationAsAnOrganization() {
        Firm firm = Firm.create("Example Shapes Partners").settings("CLIENTS_ONLY", "Client", List.of()).connect()
                .xpmListsAsXerosExample();
        // neither is what the fallback rule (a first and a last name make a person) would make of it
        firm.addXpmClient("<Name>Aroha Ngata</Name><Email>aroha@ngata.example</Email>"
                + "<BusinessStructure>Sole Trader</BusinessStructure>");
        firm.addXpmClient("<Name>Tane Mahuta</Name><FirstName>Tane</FirstName><LastName>Mahuta</LastName>"
                + "<Email>trustees@mahuta.example</Email><BusinessStructure>Trust</BusinessStructure>");

        firm.syncNow();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(firm.karbonContact("Aroha Ngata")).get().extracting(c -> c.ref().kind())
                    .isEqualTo(ContactKind.KARBON_PERSON);
            assertThat(firm.karbonContact("Tane Mahuta")).get().extracting(c -> c.ref().kind())
                    .isEqualTo(ContactKind.KARBON_ORGANIZATION);
        });
    }

    @Test
    void aProspectConvertedInXpmKeepsItsOneKarbonContactNowMappedToTheNewClient() {
        Firm firm = Firm.create("Prospect Partners").settings("CLIENTS_ONLY", "Client", List.of()).connect()
                .xpmListsAsXerosExample();
        String prospect = firm.addXpmClient("<Name>Rimu Cafe Ltd</Name><Email>hello@rimu.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure><IsProspect>Yes</IsProspect>");
        firm.syncNow();
        Map<String, Object> before = await().atMost(Duration.ofSeconds(60)).until(() -> firm.mappings("?search=Rimu")
                .<Map<String, Object>>getList("items"), items -> items.size() == 1).get(0);
        assertThat(before.get("xpmId")).isEqualTo(prospect.toLowerCase());

        String client = firm.convertXpmProspect(prospect);
        firm.syncNow();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(firm.mappings("?search=Rimu")
                .<Map<String, Object>>getList("items")).singleElement().satisfies(after -> {
                    assertThat(after.get("xpmId")).isEqualTo(client.toLowerCase());
                    assertThat(after.get("id")).isEqualTo(before.get("id"));
                    assertThat(after.get("karbonKey")).isEqualTo(before.get("karbonKey"));
                    assertThat(after.get("state")).isEqualTo("ACTIVE");
                }));
        List<ContactSnapshot> rimu = firm.karbonContacts().stream().filter(c -> c.name().equals("Rimu Cafe Ltd"))
                .toList();
        assertThat(rimu).as("no duplicate in Karbon").singleElement()
                .satisfies(c -> assertThat(c.ref().id()).isEqualTo(before.get("karbonKey")));
        assertThat(firm.partialMatches()).as("no partial match").isEmpty();
        JsonPath history = at("mapping-service").get("/firms/" + firm.id + "/mappings/" + before.get("id")
                + "/history").then().statusCode(200).extract().jsonPath();
        assertThat(history.<String>getList("items.summary")).as(history.prettify())
                .anySatisfy(s -> assertThat(s).startsWith("Converted from prospect to client in XPM"));
    }
}
