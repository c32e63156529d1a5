package io.xpmsync.system;

import io.restassured.http.ContentType;
import io.xpmsync.client.xpm.model.XpmClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet with two instances each of mapping-service and push-service: every firm's Sync Now at once and, at the
 * same time, a burst of Karbon organizations per firm to push to XPM (more than a minute's XPM allowance). The budgets
 * must hold across instances: no 429 from either sandbox, never more than 60 XPM calls in any minute for a practice,
 * and no write twice. Prints, per firm, its finish times, its XPM calls in its busiest minute, and the 429s. Not part
 * of the suite:
 * <pre>
 * ./mvnw package -DskipTests
 * ./mvnw verify -pl system-tests -Dtest=ScaleOutBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dxpmsync.karbon-per-minute=120
 * </pre>
 * {@code -Dbenchmark.firms=N}, {@code -Dbenchmark.clients=N}, {@code -Dbenchmark.pushes=N} change it (defaults 4
 * firms of 230 XPM clients, 80 organizations pushed per firm).
 */
@ExtendWith(RunningSystem.class)
class ScaleOutBenchmark {

    private static final int FIRMS = Integer.getInteger("benchmark.firms", 4);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 230);
    private static final int PUSHES = Integer.getInteger("benchmark.pushes", 80);

    @Test
    void budgetsHoldAcrossInstances() throws Exception {
        RunningSystem.system().startReplica("mapping-service");
        RunningSystem.system().startReplica("push-service");
        System.out.printf("%ninstances: mapping-service x2, push-service x2; Karbon limit %s a minute per firm%n",
                RunningSystem.KARBON_PER_MINUTE);

        List<Firm> firms = new ArrayList<>();
        for (int i = 0; i < FIRMS; i++) {
            firms.add(Firm.create("Scale " + i).generate(700 + i, CLIENTS)
                    .settings("CLIENTS_AND_CONTACTS", "Client", List.of("Supplier")).connect());
        }
        Map<String, Integer> xpmClientsBefore = new java.util.HashMap<>();
        firms.forEach(f -> xpmClientsBefore.put(f.id, f.xpmClients().size()));
        Instant start = Instant.now();
        List<String> runs = firms.stream().map(f -> at("connector-service").post("/firms/" + f.id + "/sync-runs")
                .then().statusCode(202).extract().<String>path("id")).toList();
        for (int p = 0; p < PUSHES; p++) {
            for (Firm firm : firms) {
                at("karbon-sandbox").contentType(ContentType.JSON).body(SeedRulesAcceptanceTest.organization(
                                "Pushed Supplier " + p + " Ltd", "Supplier", "supplier" + p + "@pushed.example"))
                        .post("/admin/firms/" + firm.id + "/organizations").then().statusCode(201);
            }
        }

        List<CompletableFuture<double[]>> finishing = new ArrayList<>();
        for (int i = 0; i < FIRMS; i++) {
            Firm firm = firms.get(i);
            String run = runs.get(i);
            finishing.add(CompletableFuture.supplyAsync(() -> {
                firm.awaitRun(run, Duration.ofMinutes(30));
                double synced = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2)).until(() ->
                        firm.xpmClients().size() >= xpmClientsBefore.get(firm.id) + PUSHES);
                return new double[]{synced, Duration.between(start, Instant.now()).toMillis() / 1000.0};
            }));
        }
        System.out.printf("%n%-16s %10s %10s %14s %9s %9s %11s%n", "firm", "synced", "pushed", "busiest minute",
                "XPM 429", "Karbon 429", "duplicates");
        long worstMinute = 0;
        long total429 = 0;
        long duplicates = 0;
        for (int i = 0; i < FIRMS; i++) {
            Firm firm = firms.get(i);
            double[] times = finishing.get(i).get();
            List<Map<String, Object>> calls = firm.xpmCalls();
            long busiest = busiestMinute(calls.stream().map(c -> Instant.parse(String.valueOf(c.get("at")))).sorted()
                    .toList());
            long xpm429 = calls.stream().filter(c -> Integer.valueOf(429).equals(c.get("status"))).count();
            long karbon429 = at("karbon-sandbox").get("/admin/firms/" + firm.id + "/calls").jsonPath()
                    .getLong("rateLimited");
            List<String> names = firm.xpmClients().stream().map(XpmClient::name).toList();
            long doubled = names.size() - names.stream().distinct().count() + doubledMappings(firm.id);
            worstMinute = Math.max(worstMinute, busiest);
            total429 += xpm429 + karbon429;
            duplicates += doubled;
            System.out.printf("%-16s %9.1fs %9.1fs %14d %9d %9d %11d%n", firm.id, times[0], times[1], busiest, xpm429,
                    karbon429, doubled);
        }
        System.out.printf("busiest minute of any practice: %d XPM calls (Xero allows 60); 429s: %d; duplicates: %d%n",
                worstMinute, total429, duplicates);
        assertThat(worstMinute).isLessThanOrEqualTo(60);
        assertThat(total429).isZero();
        assertThat(duplicates).isZero();
    }

    /** The most calls in any 60 seconds. */
    private static long busiestMinute(List<Instant> times) {
        long most = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (Duration.between(times.get(from), times.get(to)).compareTo(Duration.ofSeconds(60)) >= 0) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static long doubledMappings(String firmId) throws Exception {
        try (Connection db = RunningSystem.database();
             PreparedStatement s = db.prepareStatement("SELECT (SELECT count(*) FROM (SELECT xpm_id FROM mapping.mapping"
                     + " WHERE firm_id = ? AND state <> 'REMOVED' GROUP BY xpm_id HAVING count(*) > 1) x)"
                     + " + (SELECT count(*) FROM (SELECT karbon_key FROM mapping.mapping WHERE firm_id = ?"
                     + " AND state <> 'REMOVED' GROUP BY karbon_key HAVING count(*) > 1) k)")) {
            s.setString(1, firmId);
            s.setString(2, firmId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
