package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import io.xpmsync.client.xpm.model.XpmClient;
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

    @Test
    void aContactMadeInKarbonNamedAsALiveProspectIsPushedAsAClientAndTheProspectKeepsItsMapping() {
        Firm firm = Firm.create("Namesake Partners").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect()
                .xpmListsAsXerosExample();
        String prospect = firm.addXpmClient("<Name>Kowhai Bakery Ltd</Name><Email>hello@kowhai.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure><IsProspect>Yes</IsProspect>");
        firm.syncNow();
        Map<String, Object> before = await().atMost(Duration.ofSeconds(60)).until(() -> firm.mappings("?search=Kowhai")
                .<Map<String, Object>>getList("items"), items -> items.size() == 1).get(0);

        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Kowhai Bakery Ltd", "Client",
                "orders@kowhai.example"));
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClients().stream()
                .filter(c -> c.name().equals("Kowhai Bakery Ltd")).count() == 2);
        XpmClient pushed = firm.xpmClients().stream().filter(c -> c.name().equals("Kowhai Bakery Ltd")
                && !c.uuid().equalsIgnoreCase(prospect)).findFirst().orElseThrow();
        assertThat(pushed.isProspect()).as("made in Karbon: a client, never a prospect").isEqualTo("No");
        firm.syncNow();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(firm.mappings("?search=Kowhai")
                .<Map<String, Object>>getList("items")).hasSize(2).anySatisfy(m -> {
                    assertThat(m.get("id")).isEqualTo(before.get("id"));
                    assertThat(m.get("xpmId")).as("the prospect keeps its mapping").isEqualTo(prospect.toLowerCase());
                    assertThat(m.get("karbonKey")).isEqualTo(before.get("karbonKey"));
                }).anySatisfy(m -> assertThat(m.get("xpmId")).isEqualTo(pushed.uuid().toLowerCase())));
        assertThat(firm.karbonContacts().stream().filter(c -> c.name().equals("Kowhai Bakery Ltd")))
                .as("the two contacts of that name, no third").hasSize(2);
        assertThat(firm.partialMatches()).as("no partial match").isEmpty();

        // the prospect still speaks: not taken for converted into its namesake
        firm.updateXpmClient(prospect, "<Email>sales@kowhai.example</Email>");
        firm.syncNow();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(firm.karbonContacts().stream()
                .filter(c -> c.ref().id().equals(before.get("karbonKey"))).findFirst().orElseThrow().emails())
                .contains("sales@kowhai.example"));
    }
}
