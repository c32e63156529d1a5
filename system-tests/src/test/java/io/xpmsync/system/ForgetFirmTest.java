package io.xpmsync.system;

import io.xpmsync.client.karbon.model.OrganizationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disconnect with "forget this firm's data": every service deletes what it keeps of the firm (checked row by row in
 * every service's schema), the firm's events still arriving are not taken, another firm keeps everything, and the firm
 * that connects again starts afresh.
 */
@ExtendWith(RunningSystem.class)
class ForgetFirmTest {

    private static final List<String> SCHEMAS = List.of("connector", "matching", "mapping", "push");
    /** Tables whose rows of a firm stay as they are once its sync is done (queues and outboxes drain). */
    private static final List<String> KEPT = List.of("connector.sync_run", "connector.sync_settings",
            "matching.karbon_contact", "matching.karbon_connection", "mapping.mapping", "push.mapping_view");

    @Test
    void aForgottenFirmLeavesNothingBehindAndMayComeBack() throws Exception {
        Firm leaving = Firm.create("Leaving Partners").generate(41, 30)
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of("Client")).connect();
        Firm staying = Firm.create("Staying Partners").generate(42, 20)
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of("Client")).connect();
        leaving.syncNow();
        staying.syncNow();
        assertThat(leaving.mappings("").getInt("total")).isPositive();
        assertThat(rowsOf(leaving.id)).as("what xpm-sync keeps of the leaving firm").isNotEmpty();
        // push-service's views follow the mappings a moment later: the other firm's rows, once they hold still
        Map<String, Long> stayingBefore = settled(staying.id);
        List<String> runs = ids("SELECT id::text FROM connector.sync_run WHERE firm_id = ?", leaving.id);

        leaving.disconnectAndForget();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(rowsOf(leaving.id)).as("rows of the forgotten firm").isEmpty());
        for (String run : runs) {
            assertThat(ids("SELECT run_id::text FROM connector.xpm_run_contact WHERE run_id = ?::uuid", run)
                    ).as("what run %s staged", run).isEmpty();
        }
        assertThat(leaving.mappings("").getInt("total")).isZero();
        assertThat(leaving.partialMatches()).isEmpty();
        assertThat(at("connector-service").get("/firms/" + leaving.id + "/sync-runs").jsonPath().getList("$"))
                .isEmpty();
        at("matching-service").get("/firms/" + leaving.id + "/karbon-connection").then().statusCode(404);
        assertThat(kept(rowsOf(staying.id))).as("the other firm keeps its mappings, index, views and runs")
                .isEqualTo(stayingBefore);

        // Karbon still sends the firm's changes for a while (its stream, or notices until it ends the
        // subscription): none of them is taken
        leaving.karbon.createOrganization(new OrganizationRequest("After Leaving Ltd", "Client", null, null,
                List.of()));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(rowsOf(leaving.id)).isEmpty());

        // the firm connects again and starts afresh
        leaving.registerKarbon().settings("CLIENTS_AND_CONTACTS", "Client", List.of("Client")).connect();
        leaving.syncNow();
        assertThat(leaving.mappings("").getInt("total")).isPositive();
    }

    /**
     * Rows of the firm in every table with a firm_id column of every service's schema, and its outbox events (but the
     * forgetting itself).
     */
    private static Map<String, Long> rowsOf(String firmId) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection db = RunningSystem.database()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = db.prepareStatement("SELECT c.table_schema || '.' || c.table_name"
                    + " FROM information_schema.columns c JOIN information_schema.tables t"
                    + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                    + " AND t.table_type = 'BASE TABLE' WHERE c.column_name = 'firm_id'"
                    + " AND c.table_schema = ANY (?) AND c.table_name <> 'forgotten_firm'")) {
                s.setArray(1, db.createArrayOf("varchar", SCHEMAS.toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
            }
            for (String schema : SCHEMAS) {
                tables.add(schema + ".outbox_event");
            }
            for (String table : tables) {
                // the one event that tells every service to forget the firm (its default settings, no contact) is
                // kept by its outbox until retention prunes it
                String where = table.endsWith(".outbox_event")
                        ? "aggregate_id = ? AND payload NOT LIKE '%\"forgotten\":true%'" : "firm_id = ?";
                try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + where)) {
                    s.setString(1, firmId);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            rows.put(table, r.getLong(1));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static Map<String, Long> settled(String firmId) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> last = new java.util.concurrent.atomic
                .AtomicReference<>(Map.of());
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, Long> now = kept(rowsOf(firmId));
            return now.size() == KEPT.size() && now.equals(last.getAndSet(now)) ? now : null;
        }, java.util.Objects::nonNull);
    }

    private static Map<String, Long> kept(Map<String, Long> rows) {
        Map<String, Long> kept = new TreeMap<>(rows);
        kept.keySet().retainAll(KEPT);
        return kept;
    }

    private static List<String> ids(String sql, String parameter) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = RunningSystem.database(); PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }
}
