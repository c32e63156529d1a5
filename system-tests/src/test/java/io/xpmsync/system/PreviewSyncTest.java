package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import io.xpmsync.contracts.contact.ContactSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preview Sync through the whole system: it reads XPM once and classifies every record as Sync Now would, changes
 * nothing anywhere, and the Sync Now after it does what it said, record by record, except for what changed in
 * between, which the run's comparison names and explains.
 */
@ExtendWith(RunningSystem.class)
class PreviewSyncTest {

    private static final List<String> OUTCOMES = List.of("EXACT", "CREATED", "PARTIAL", "LINKED_UPDATED", "UNCHANGED",
            "SKIPPED");
    private static final String COMPANY = "<BusinessStructure>Company</BusinessStructure>";

    @Test
    @DisplayName("A preview predicts every verdict of the Sync Now after it and writes nothing; what changed in between is a difference")
    void aPreviewPredictsTheSyncNowAfterItAndChangesNothing() throws SQLException {
        Firm firm = Firm.create("Preview").generate(47, 80)
                .settings("CLIENTS_AND_CONTACTS", "Prospect", List.of("Client")).connect();
        firm.addXpmClient("<Name>Old Mill Ltd</Name><Email>office@oldmill.example</Email><IsArchived>Yes</IsArchived>"
                + COMPANY);
        String individual = firm.addXpmClient("<Name>Hemi Walker</Name><FirstName>Hemi</FirstName>"
                + "<LastName>Walker</LastName><BusinessStructure>Individual</BusinessStructure>");
        firm.addXpmContact(individual, "<Name>Tui Walker</Name><Email>tui@walker.example</Email>");
        awaitQuiet(firm);
        State before = State.of(firm);
        int xpmCalls = firm.xpmCalls().size();

        Map<String, Object> preview = preview(firm);
        assertThat(preview).containsEntry("trigger", "PREVIEW").containsEntry("phase", "COMPLETED");
        assertThat(firm.xpmCalls()).as("one XPM read, as a Sync Now").hasSize(xpmCalls + 1);
        assertThat(State.of(firm)).as("a preview changes nothing").isEqualTo(before);
        Map<String, String> predicted = predictions(firm, (String) preview.get("id"));
        assertThat(predicted).hasSize((Integer) preview.get("changesPublished"));
        assertThat(predicted.values()).contains("EXACT", "CREATED", "PARTIAL", "SKIPPED");
        JsonPath summary = at("mapping-service").get("/firms/" + firm.id + "/previews/" + preview.get("id"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(summary.getLong("createdPeople") + summary.getLong("createdOrganizations"))
                .isEqualTo(predicted.values().stream().filter("CREATED"::equals).count());
        List<Map<String, Object>> notImported = at("connector-service").get("/firms/" + firm.id + "/sync-runs/"
                + preview.get("id") + "/not-imported").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(notImported).filteredOn(n -> "Tui Walker".equals(n.get("name"))).singleElement()
                .satisfies(n -> assertThat((String) n.get("reason")).contains("become People in Karbon"));
        Map<String, Object> oldMill = record(firm, preview, "SKIPPED", "Old Mill Ltd");
        assertThat((String) oldMill.get("detail")).isEqualTo("archived in XPM: not imported");
        Map<String, Object> created = record(firm, preview, "CREATED", "Hemi Walker");
        assertThat(created).containsEntry("karbonKind", "KARBON_PERSON").containsEntry("contactType", "Prospect");

        // between the preview and the sync: an exactly matching client changes its email, a new client arrives
        String exactId = predicted.entrySet().stream().filter(e -> "EXACT".equals(e.getValue()))
                .map(Map.Entry::getKey).filter(id -> firm.xpmClients().stream().anyMatch(c -> c.uuid().equals(id)))
                .findFirst().orElseThrow();
        var exact = firm.xpmClients().stream().filter(c -> c.uuid().equals(exactId)).findFirst().orElseThrow();
        firm.updateXpmClient(exactId, "<Name>" + exact.name() + "</Name><Email>changed@elsewhere.example</Email>"
                + COMPANY);
        String newcomer = firm.addXpmClient("<Name>Late Arrival Ltd</Name><Email>hi@late.example</Email>" + COMPANY);

        Map<String, Object> sync = firm.syncNow();
        JsonPath comparison = at("mapping-service").get("/firms/" + firm.id + "/sync-runs/" + sync.get("id")
                + "/preview-comparison").then().statusCode(200).extract().jsonPath();
        assertThat(comparison.getString("previewRunId")).isEqualTo(preview.get("id"));
        assertThat(comparison.getInt("predicted")).isEqualTo(predicted.size());
        assertThat(comparison.getInt("asPredicted")).as(comparison.prettify()).isEqualTo(predicted.size() - 1);
        List<Map<String, Object>> differences = comparison.getList("differences");
        assertThat(differences).extracting(d -> d.get("xpmId")).containsExactlyInAnyOrder(exactId, newcomer);
        assertThat(differences).filteredOn(d -> exactId.equals(d.get("xpmId"))).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("predicted", "EXACT").containsEntry("actual", "PARTIAL")
                    .containsEntry("explanation", "changed in XPM between the preview and the sync");
        });
        assertThat(differences).filteredOn(d -> newcomer.equals(d.get("xpmId"))).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("actual", "CREATED").containsEntry("predicted", null);
            assertThat((String) d.get("explanation")).startsWith("changed in XPM after the preview");
        });
        // the run's own counts say the same: the preview's, but for the two records that changed in between
        JsonPath outcome = firm.outcome((String) sync.get("id"));
        assertThat(outcome.getInt("exact")).isEqualTo(count(predicted, "EXACT") - 1);
        assertThat(outcome.getInt("partial")).isEqualTo(count(predicted, "PARTIAL") + 1);
        assertThat(outcome.getInt("created")).isEqualTo(count(predicted, "CREATED") + 1);
        assertThat(outcome.getInt("skipped")).isEqualTo(count(predicted, "SKIPPED"));
        assertThat(outcome.getInt("failed")).isZero();

        // a mapped client changed in XPM: the preview names the fields it would write, and writes them nowhere
        String mappedId = firm.mappings("?search=Late").getString("items[0].xpmId");
        firm.updateXpmClient(mappedId, "<Name>Late Arrival Ltd</Name><Email>hi@late.example</Email>"
                + "<Phone>09 555 0777</Phone>" + COMPANY);
        awaitQuiet(firm);
        before = State.of(firm);
        Map<String, Object> second = preview(firm);
        assertThat(State.of(firm)).as("a preview changes nothing").isEqualTo(before);
        assertThat(predictions(firm, (String) second.get("id"))).as("%s; XPM writes: %s", at("mapping-service")
                .get("/firms/" + firm.id + "/previews/" + second.get("id") + "/records?outcome=PARTIAL").asString(),
                firm.xpmWrites()).containsExactly(Map.entry(mappedId, "LINKED_UPDATED"));
        Map<String, Object> updated = record(firm, second, "LINKED_UPDATED", "Late Arrival Ltd");
        assertThat((List<Map<String, Object>>) updated.get("changes")).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("field", "Phone").containsEntry("before", null).containsEntry("after", "09 555 0777 (Phone)"));
        Map<String, Object> applied = firm.syncNow();
        JsonPath again = at("mapping-service").get("/firms/" + firm.id + "/sync-runs/" + applied.get("id")
                + "/preview-comparison").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("asPredicted")).isEqualTo(1);
        assertThat(again.getList("differences")).isEmpty();
        assertThat(firm.outcome((String) applied.get("id")).getInt("linkedUpdated")).isEqualTo(1);
    }

    @Test
    @DisplayName("A preview is refused with a clear error when the firm is not connected, and preview must be true or false")
    void aPreviewOfAFirmThatIsNotConnectedIsRefused() {
        Firm firm = Firm.create("Preview Unconnected");
        assertThat(at("connector-service").post("/firms/" + firm.id + "/sync-runs?preview=true").then()
                .statusCode(409).extract().<String>path("detail")).contains("not connected");
        firm.connect();
        assertThat(at("connector-service").post("/firms/" + firm.id + "/sync-runs?preview=maybe").then()
                .statusCode(400).extract().<String>path("detail")).isEqualTo("preview must be true or false");
    }

    /** Until what the last change set off (Karbon's events, pushes) has settled: two looks 2 s apart see the same. */
    private static void awaitQuiet(Firm firm) {
        java.util.concurrent.atomic.AtomicReference<State> last = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    State now = State.of(firm);
                    return now.equals(last.getAndSet(now));
                });
    }

    private static Map<String, Object> preview(Firm firm) {
        String runId = at("connector-service").post("/firms/" + firm.id + "/sync-runs?preview=true").then()
                .statusCode(202).extract().path("id");
        return firm.awaitRun(runId, Duration.ofSeconds(120));
    }

    /** Every record of the preview by XPM id, with what Sync Now would do with it. */
    private static Map<String, String> predictions(Firm firm, String runId) {
        Map<String, String> predicted = new HashMap<>();
        for (String outcome : OUTCOMES) {
            JsonPath page = at("mapping-service").get("/firms/" + firm.id + "/previews/" + runId + "/records?size=200"
                    + "&outcome=" + outcome).then().statusCode(200).extract().jsonPath();
            assertThat(page.getInt("total")).isLessThanOrEqualTo(200);
            page.<String>getList("items.xpmId").forEach(id -> predicted.put(id, outcome));
        }
        return predicted;
    }

    private static Map<String, Object> record(Firm firm, Map<String, Object> run, String outcome, String name) {
        return at("mapping-service").queryParam("outcome", outcome).queryParam("search", name)
                .get("/firms/" + firm.id + "/previews/" + run.get("id") + "/records").then().statusCode(200).extract()
                .jsonPath().getMap("items[0]");
    }

    private static long count(Map<String, String> predicted, String outcome) {
        return predicted.values().stream().filter(outcome::equals).count();
    }

    /**
     * What a preview must leave as it is: Karbon's contacts and the count of writes to it, XPM's writes, and the
     * firm's rows (every column) in the mappings, the partial queue, the Karbon work queue, the contact histories and
     * push-service's queue.
     */
    private record State(List<ContactSnapshot> karbon, long karbonWrites, int xpmWrites, Map<String, String> tables) {

        private static final List<String> TABLES = List.of("mapping.mapping", "mapping.partial_match",
                "mapping.karbon_work", "mapping.contact_history", "push.pending_push", "push.mapping_view",
                "push.xpm_view", "push.partial_view");

        static State of(Firm firm) throws SQLException {
            Map<String, String> tables = new HashMap<>();
            try (Connection db = RunningSystem.database()) {
                for (String table : TABLES) {
                    try (PreparedStatement s = db.prepareStatement("SELECT count(*) || ':' || coalesce(md5(string_agg("
                            + "t::text, ',' ORDER BY t::text)), '') FROM " + table + " t WHERE firm_id = ?")) {
                        s.setString(1, firm.id);
                        try (ResultSet r = s.executeQuery()) {
                            r.next();
                            tables.put(table, r.getString(1));
                        }
                    }
                }
            }
            return new State(firm.karbonContacts().stream().sorted(java.util.Comparator.comparing(c -> c.ref().id()))
                    .toList(), firm.karbonWrites(), firm.xpmWrites().size(), tables);
        }
    }
}
