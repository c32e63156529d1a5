package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.contracts.contact.ContactSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No edit is silently lost (R21 and the decision D1–D3 of docs/requirements.md), with people working in both systems
 * at once: fields edited on different sides both arrive; a field edited on both sides is a conflict that keeps each
 * system's value until a person (or the firm's rule) decides, and the value that lost stays in the contact's history.
 * Run with the platform stream and with Karbon's webhooks as the source of Karbon changes.
 */
@ExtendWith(RunningSystem.class)
class ConflictsTest {

    /** A Karbon change reaches push-service within a minute and a bit in webhook mode (Karbon's 60 s window). */
    private static final Duration PUSHED = Duration.ofSeconds(120);

    @Test
    void r21_an_email_edited_in_xpm_and_a_phone_edited_in_karbon_moments_apart_both_end_up_in_both_systems()
            throws Exception {
        Firm firm = Firm.create("Both Fields").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Kauri Traders Ltd</Name><Email>office@kauri.example</Email>"
                + "<Phone>09 300 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        ContactSnapshot kauri = firm.karbonContact("Kauri Traders Ltd").orElseThrow();

        firm.updateXpmClient(uuid, "<Email>accounts@kauri.example</Email>");
        karbonPhone(firm, kauri, "09 300 2000");

        await().atMost(PUSHED).until(() -> "09 300 2000".equals(firm.xpmClient("Kauri Traders Ltd").orElseThrow()
                .phone()));
        assertThat(firm.xpmClient("Kauri Traders Ltd").orElseThrow().email()).as("the email typed in XPM survives the"
                + " push of Karbon's phone").isEqualTo("accounts@kauri.example");
        firm.syncNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.karbonContact("Kauri Traders Ltd").orElseThrow()
                .emails().get(0).equals("accounts@kauri.example"));
        ContactSnapshot after = firm.karbonContact("Kauri Traders Ltd").orElseThrow();
        assertThat(after.phones().get(0).number()).isEqualTo("09 300 2000");
        XpmClient xpm = firm.xpmClient("Kauri Traders Ltd").orElseThrow();
        assertThat(xpm.email()).isEqualTo("accounts@kauri.example");
        assertThat(xpm.phone()).isEqualTo("09 300 2000");
        assertThat(firm.openConflicts()).isEmpty();
    }

    @Test
    void r21_a_phone_changed_in_both_systems_is_a_conflict_each_keeps_its_own_until_a_person_chooses()
            throws Exception {
        Firm firm = Firm.create("Ask First").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Rimu Tyres Ltd</Name><Email>tyres@rimu.example</Email>"
                + "<Phone>09 400 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        ContactSnapshot rimu = firm.karbonContact("Rimu Tyres Ltd").orElseThrow();

        firm.updateXpmClient(uuid, "<Phone>09 400 3000</Phone>");
        karbonPhone(firm, rimu, "09 400 2000");
        List<Map<String, Object>> open = await().atMost(PUSHED).until(firm::openConflicts, c -> c.size() == 1);
        firm.syncNow();

        Map<String, Object> conflict = firm.openConflicts().get(0);
        assertThat(conflict).containsEntry("contactName", "Rimu Tyres Ltd").containsEntry("fieldLabel", "Phone")
                .containsEntry("xpmValue", "09 400 3000").containsEntry("karbonValue", "09 400 2000")
                .containsEntry("baseValue", "09 400 1000");
        assertThat(firm.openConflicts()).as("the sync's read of XPM updates the conflict, it opens no other")
                .hasSize(1);
        assertThat(firm.xpmClient("Rimu Tyres Ltd").orElseThrow().phone()).isEqualTo("09 400 3000");
        assertThat(firm.karbonContact("Rimu Tyres Ltd").orElseThrow().phones().get(0).number())
                .isEqualTo("09 400 2000");

        // a read-only colleague cannot resolve it; the firm's administrator keeps Karbon's value
        String refused = at("mapping-service").auth().oauth2(People.person("reader-" + firm.id, List.of(firm.id),
                        "firm-readers")).contentType(ContentType.JSON).body(Map.of("choice", "KARBON"))
                .post("/firms/" + firm.id + "/conflicts/" + open.get(0).get("id") + "/resolve").then().statusCode(403)
                .extract().jsonPath().getString("detail");
        assertThat(refused).as("refused in words").isNotBlank().doesNotContain("Exception");
        at("mapping-service").contentType(ContentType.JSON).body(Map.of("choice", "KARBON"))
                .post("/firms/" + firm.id + "/conflicts/" + open.get(0).get("id") + "/resolve").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> "09 400 2000".equals(firm.xpmClient("Rimu Tyres Ltd")
                .orElseThrow().phone()));
        assertThat(firm.openConflicts()).isEmpty();
        firm.syncNow();
        assertThat(firm.karbonContact("Rimu Tyres Ltd").orElseThrow().phones().get(0).number())
                .isEqualTo("09 400 2000");
        JsonPath history = history(firm, "Rimu Tyres Ltd");
        assertThat(history.<String>getList("items.kind")).contains("CONFLICT_OPENED", "CONFLICT_RESOLVED");
        assertThat(history.<String>getList("items.summary")).anyMatch(s -> s.contains("XPM's \u201c09 400 3000\u201d"
                + " was overwritten"));
    }

    @Test
    void r21_each_conflict_policy_decides_as_it_says_and_keeps_the_losing_value_in_the_history() throws Exception {
        Firm firm = Firm.create("Rules Decide").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String xpmWins = firm.addXpmClient("<Name>Matai Motors Ltd</Name><Email>hi@matai.example</Email>"
                + "<Phone>09 500 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        String karbonWins = firm.addXpmClient("<Name>Totara Timber Ltd</Name><Email>hi@totara.example</Email>"
                + "<Phone>09 510 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        String recent = firm.addXpmClient("<Name>Pohutukawa Press Ltd</Name><Email>hi@pohutukawa.example</Email>"
                + "<Phone>09 520 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();

        firm.conflictPolicy("XPM_WINS");
        bothChanged(firm, xpmWins, "Matai Motors Ltd", "09 500 3000", "09 500 2000");
        await().atMost(PUSHED).until(() -> firm.karbonContact("Matai Motors Ltd").orElseThrow().phones().get(0)
                .number().equals("09 500 3000"));
        assertThat(firm.xpmClient("Matai Motors Ltd").orElseThrow().phone()).isEqualTo("09 500 3000");

        firm.conflictPolicy("KARBON_WINS");
        bothChanged(firm, karbonWins, "Totara Timber Ltd", "09 510 3000", "09 510 2000");
        await().atMost(PUSHED).until(() -> "09 510 2000".equals(firm.xpmClient("Totara Timber Ltd").orElseThrow()
                .phone()));
        firm.syncNow();
        assertThat(firm.karbonContact("Totara Timber Ltd").orElseThrow().phones().get(0).number())
                .isEqualTo("09 510 2000");

        // the most recent change wins: Karbon's edit is made after XPM's
        firm.conflictPolicy("MOST_RECENT");
        bothChanged(firm, recent, "Pohutukawa Press Ltd", "09 520 3000", "09 520 2000");
        await().atMost(PUSHED).until(() -> "09 520 2000".equals(firm.xpmClient("Pohutukawa Press Ltd")
                .orElseThrow().phone()));

        assertThat(firm.openConflicts()).isEmpty();
        assertThat(history(firm, "Matai Motors Ltd").<String>getList("items.summary"))
                .anyMatch(s -> s.contains("XPM wins") && s.contains("Karbon's \u201c09 500 2000\u201d was overwritten"));
        assertThat(history(firm, "Totara Timber Ltd").<String>getList("items.summary"))
                .anyMatch(s -> s.contains("Karbon wins") && s.contains("XPM's \u201c09 510 3000\u201d was overwritten"));
        assertThat(history(firm, "Pohutukawa Press Ltd").<String>getList("items.summary"))
                .anyMatch(s -> s.contains("most recent") && s.contains("was overwritten"));
    }

    @Test
    void r21_the_same_value_typed_on_both_sides_is_no_conflict_and_no_write_and_an_unsynced_field_changes_nothing()
            throws Exception {
        Firm firm = Firm.create("Same Both").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Kea Cleaning Ltd</Name><Email>hi@kea.example</Email>"
                + "<Phone>09 700 1000</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        ContactSnapshot kea = firm.karbonContact("Kea Cleaning Ltd").orElseThrow();
        int xpmWrites = firm.xpmWrites().size();

        firm.updateXpmClient(uuid, "<Phone>(09) 700-2000</Phone><WebSite>kea.example</WebSite>");
        karbonPhone(firm, kea, "09 700 2000");
        firm.syncNow();

        await().during(Duration.ofSeconds(5)).atMost(PUSHED).until(() -> firm.xpmWrites().size() == xpmWrites);
        assertThat(firm.openConflicts()).isEmpty();
        assertThat(firm.xpmClient("Kea Cleaning Ltd").orElseThrow().phone()).isEqualTo("(09) 700-2000");
        assertThat(firm.karbonContact("Kea Cleaning Ltd").orElseThrow().phones().get(0).number())
                .isEqualTo("09 700 2000");
    }

    @Test
    void r21_after_a_daily_limit_pause_fields_edited_on_one_side_flow_and_a_field_edited_on_both_is_a_conflict()
            throws Exception {
        Firm firm = Firm.create("Paused Practice").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        String uuid = firm.addXpmClient("<Name>Harakeke Hire Ltd</Name><Email>hire@harakeke.example</Email>"
                + "<Phone>09 800 1000</Phone><Address>1 Flax Road</Address><City>Auckland</City>"
                + "<Country>New Zealand</Country><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        ContactSnapshot harakeke = firm.karbonContact("Harakeke Hire Ltd").orElseThrow();

        // the practice's daily limit is used up: the push of Karbon's changes waits, while people keep working
        at("xpm-sandbox").contentType(ContentType.JSON).body(Map.of("perDay", 1))
                .put("/admin/practices/" + firm.tenant + "/limits").then().statusCode(200);
        firm.karbon.updateOrganization(harakeke.ref().id(), o -> new OrganizationDto(null, null, o.organizationKey(),
                "Harakeke Hire & Events Ltd", o.contactType(), o.userDefinedIdentifier(), null, null,
                o.businessCards().stream().map(c -> new BusinessCardDto(c.businessCardKey(), c.entityType(),
                        c.entityKey(), c.isPrimaryCard(), c.organizationKey(), c.roleOrTitle(), c.emailAddresses(),
                        List.of(new PhoneNumberDto(null, "09 800 2000", null, "Work")), c.addresses(), c.webSites()))
                        .toList(), null));
        await().atMost(PUSHED).until(() -> at("push-service").get("/firms/" + firm.id + "/push-status").jsonPath()
                .getList("waiting.lastError").stream().anyMatch(e -> String.valueOf(e).contains("limit")));
        firm.updateXpmClient(uuid, "<Name>Harakeke Hireage Ltd</Name><Email>bookings@harakeke.example</Email>");

        // the next day: the practice has calls again
        at("xpm-sandbox").contentType(ContentType.JSON).body(Map.of("perDay", 5000))
                .put("/admin/practices/" + firm.tenant + "/limits").then().statusCode(200);
        try (var db = RunningSystem.database(); var s = db.prepareStatement("UPDATE api_budget.pause SET"
                + " until = now() WHERE budget_key LIKE ?")) {
            s.setString(1, "%" + firm.tenant + "%");
            s.executeUpdate();
        }
        try (var db = RunningSystem.database(); var s = db.prepareStatement("UPDATE push.pending_push SET"
                + " due_at = now() WHERE firm_id = ?")) {
            s.setString(1, firm.id); // what waited for the pause's end is due now
            s.executeUpdate();
        }

        // Karbon's phone (edited only there) reaches XPM; XPM's email (edited only there) stays; the name is a conflict
        await().atMost(PUSHED).until(() -> "09 800 2000".equals(firm.xpmClient("Harakeke Hireage Ltd")
                .map(XpmClient::phone).orElse(null)));
        assertThat(firm.xpmClient("Harakeke Hireage Ltd").orElseThrow().email()).isEqualTo("bookings@harakeke.example");
        await().atMost(Duration.ofSeconds(60)).until(() -> firm.openConflicts().size() == 1);
        firm.syncNow();
        ContactSnapshot karbon = firm.karbonContact("Harakeke Hire & Events Ltd").orElseThrow();
        assertThat(karbon.emails().get(0)).isEqualTo("bookings@harakeke.example");
        assertThat(karbon.phones().get(0).number()).isEqualTo("09 800 2000");
        assertThat(firm.openConflicts()).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("fieldLabel", "Name").containsEntry("xpmValue", "Harakeke Hireage Ltd")
                .containsEntry("karbonValue", "Harakeke Hire & Events Ltd")
                .containsEntry("baseValue", "Harakeke Hire Ltd"));
        assertThat(history(firm, "Harakeke").<String>getList("items.kind")).contains("CONFLICT_OPENED");
    }

    /**
     * XPM's phone and then Karbon's are changed to different numbers. Karbon's edit is the later one: XPM's is dated
     * halfway between the sync that agreed the phone and the moment xpm-sync first sees it, well before Karbon's.
     */
    private static void bothChanged(Firm firm, String uuid, String name, String xpmPhone, String karbonPhone) {
        firm.updateXpmClient(uuid, "<Phone>" + xpmPhone + "</Phone>");
        karbonPhone(firm, firm.karbonContact(name).orElseThrow(), karbonPhone);
    }

    private static void karbonPhone(Firm firm, ContactSnapshot contact, String phone) {
        firm.karbon.updateOrganization(contact.ref().id(), card(c -> new BusinessCardDto(c.businessCardKey(),
                c.entityType(), c.entityKey(), c.isPrimaryCard(), c.organizationKey(), c.roleOrTitle(),
                c.emailAddresses(), List.of(new PhoneNumberDto(null, phone, null, "Work")), c.addresses(),
                c.webSites())));
    }

    private static UnaryOperator<OrganizationDto> card(UnaryOperator<BusinessCardDto> change) {
        return o -> new OrganizationDto(null, null, o.organizationKey(), o.fullName(), o.contactType(),
                o.userDefinedIdentifier(), null, null, o.businessCards().stream().map(change).toList(), null);
    }

    private static JsonPath history(Firm firm, String name) {
        String mapping = firm.mappings("?search=" + name.split(" ")[0]).getString("items[0].id");
        return at("mapping-service").get("/firms/" + firm.id + "/mappings/" + mapping + "/history?size=200").then()
                .statusCode(200).extract().jsonPath();
    }
}
