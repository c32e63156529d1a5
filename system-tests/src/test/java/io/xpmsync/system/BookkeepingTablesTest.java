package io.xpmsync.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messaging bookkeeping every service shares the code of ({@code messaging-support}'s {@code Outbox},
 * {@code ProcessedEvents}, {@code ForgottenFirms}, {@code Retention}, {@code OutboxRelayHealth}) has one table
 * definition: after every service migrated its own schema, {@code outbox_event}, {@code processed_event} and
 * {@code forgotten_firm} have the same columns, types, nullability and indexes wherever they exist.
 */
@ExtendWith(RunningSystem.class)
class BookkeepingTablesTest {

    @Test
    void everyOutboxAndEveryProcessedEventLogHasTheSameShape() throws SQLException {
        try (Connection db = RunningSystem.database()) {
            assertSameShape(db, "outbox_event", List.of("connector", "matching", "mapping", "push", "karbon_sandbox"));
            assertSameShape(db, "processed_event", List.of("connector", "matching", "mapping", "push"));
            assertSameShape(db, "forgotten_firm", List.of("connector", "matching", "mapping", "push"));
        }
    }

    @Test
    void eachServiceMadeItsTablesWithItsOwnRole() throws SQLException {
        try (Connection db = RunningSystem.database()) {
            for (var service : io.xpmsync.infra.DatabaseRoles.SCHEMAS.entrySet()) {
                assertThat(rows(db, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = ? AND ? <> ''",
                        service.getValue(), "-")).as("owners of %s's tables", service.getKey())
                        .containsExactly(io.xpmsync.infra.DatabaseRoles.role(service.getKey()));
            }
        }
    }

    private static void assertSameShape(Connection db, String table, List<String> schemas) throws SQLException {
        Map<String, List<String>> shapes = new LinkedHashMap<>();
        for (String schema : schemas) {
            List<String> shape = new ArrayList<>(rows(db, "SELECT column_name || ' ' || data_type || ' '"
                    + " || coalesce(character_maximum_length::text, '') || ' ' || is_nullable FROM"
                    + " information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY column_name",
                    schema, table));
            assertThat(shape).as("%s.%s exists", schema, table).isNotEmpty();
            shape.addAll(rows(db, "SELECT regexp_replace(indexdef, ' ON [a-z_]+\\.', ' ON ') FROM pg_indexes"
                    + " WHERE schemaname = ? AND tablename = ? ORDER BY indexname", schema, table));
            shapes.put(schema, shape);
        }
        List<String> first = shapes.values().iterator().next();
        shapes.forEach((schema, shape) -> assertThat(shape).as("%s.%s against %s.%s", schema, table,
                schemas.get(0), table).isEqualTo(first));
    }

    private static List<String> rows(Connection db, String sql, String schema, String table) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, schema);
            s.setString(2, table);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
            return rows;
        }
    }
}
