package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A contact's timeline through the whole system: created in Karbon from XPM, a Karbon-side edit pushed to XPM, an
 * XPM-side edit pulled into Karbon, and Remove Match by the firm's administrator show as exactly those four entries,
 * each with the fields it wrote, before and after.
 */
@ExtendWith(RunningSystem.class)
class ContactHistoryTest {

    @Test
    void aContactsTimelineHoldsExactlyWhatHappenedToItWithItsFields() {
        Firm firm = Firm.create("Timeline Partners").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Harbour Lights Ltd</Name><Email>office@lights.example</Email>"
                + "<Phone>09 555 0200</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        Map<String, Object> row = firm.mappings("?search=Harbour").getMap("items[0]");
        String history = "/firms/" + firm.id + "/mappings/" + row.get("id") + "/history";
        OrganizationDto org = firm.karbon.getOrganization((String) row.get("karbonKey"));

        // a Karbon-side edit, pushed to XPM
        BusinessCardDto card = org.businessCards().get(0);
        firm.karbon.replaceOrganization(org.organizationKey(), new OrganizationRequest("Harbour Lights Ltd", "Client",
                null, null, List.of(new BusinessCardDto(card.businessCardKey(), "Organization",
                org.organizationKey(), true, null, null, List.of("hello@lights.example"), card.phoneNumbers(),
                card.addresses(), null))));
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.xpmClient("Harbour Lights Ltd")
                .map(c -> "hello@lights.example".equals(c.email())).orElse(false));
        await().atMost(Duration.ofSeconds(30)).until(() -> at("mapping-service").get(history).jsonPath()
                .getInt("total") == 2);

        // an XPM-side edit, pulled into Karbon by Sync Now
        firm.updateXpmClient(uuid, "<Name>Harbour Lights Ltd</Name><Email>hello@lights.example</Email>"
                + "<Phone>09 555 0299</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.karbon.getOrganization(org.organizationKey())
                .businessCards().get(0).phoneNumbers().stream().anyMatch(p -> "09 555 0299".equals(p.number())));

        // Remove Match, by the firm's administrator
        at("mapping-service").delete("/firms/" + firm.id + "/mappings/" + row.get("id")).then().statusCode(200);

        JsonPath timeline = at("mapping-service").get(history).then().statusCode(200).extract().jsonPath();
        assertThat(timeline.<String>getList("items.kind")).as(timeline.prettify())
                .containsExactly("REMOVED", "WRITTEN_TO_KARBON", "WRITTEN_TO_XPM", "MAPPED");
        assertThat(timeline.getString("items[0].summary")).startsWith("Match removed by admin-" + firm.id);

        List<Map<String, Object>> pulled = timeline.getList("items[1].changes");
        assertThat(pulled).singleElement().satisfies(c -> {
            assertThat(c.get("field")).isEqualTo("Phone");
            assertThat((String) c.get("before")).contains("09 555 0200");
            assertThat((String) c.get("after")).contains("09 555 0299");
        });
        assertThat(timeline.getString("items[1].wrote")).isEqualTo("KARBON");
        assertThat(timeline.getString("items[1].syncRunId")).isNotBlank();

        assertThat(timeline.<Map<String, Object>>getList("items[2].changes")).containsExactly(Map.of("field", "Email",
                "before", "office@lights.example", "after", "hello@lights.example"));
        assertThat(timeline.getString("items[2].wrote")).isEqualTo("XPM");
        assertThat(timeline.getString("items[2].sourceEventId")).isNotBlank();

        assertThat(timeline.getString("items[3].method")).isEqualTo("CREATED_IN_KARBON");
        assertThat(timeline.getString("items[3].summary")).isEqualTo("Created in Karbon from XPM");
        assertThat(timeline.<Map<String, Object>>getList("items[3].changes")).extracting(c -> c.get("field"))
                .containsExactly("Name", "Email", "Phone");
        assertThat(timeline.<Map<String, Object>>getList("items[3].changes")).allSatisfy(c ->
                assertThat(c.get("before")).isNull());
    }
}
