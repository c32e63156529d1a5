package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many firms onboarding at once under the real APIs' limits: each firm's Sync Now of a few hundred records, all at the
 * same moment, with karbon-sandbox at Karbon's 120 calls a minute per firm and xpm-sandbox at Xero's 60 a minute per
 * practice. Prints, per firm, its finish time, its floor (its Karbon calls at 2 a second, the most Karbon allows) and
 * their ratio, and the 429s each sandbox answered, the failures and the dead letters. Not part of the suite:
 * <pre>
 * ./mvnw package -DskipTests
 * ./mvnw verify -pl system-tests -Dtest=FleetAtRealLimitsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dxpmsync.karbon-per-minute=120
 * </pre>
 * {@code -Dbenchmark.firms=N} and {@code -Dbenchmark.clients=N} change the fleet (defaults 8 firms of 230 XPM clients,
 * about 300 records each).
 */
@ExtendWith(RunningSystem.class)
class FleetAtRealLimitsBenchmark {

    private static final int FIRMS = Integer.getInteger("benchmark.firms", 8);
    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 230);

    private record Result(Firm firm, int records, long karbonCalls, long karbon429s, double seconds, int failed) {
    }

    @Test
    void everyFirmFinishesNearItsOwnFloor() throws Exception {
        System.out.printf("%nKarbon limit per firm: %s a minute (run with -Dxpmsync.karbon-per-minute=120 for Karbon's"
                + " real limit)%n", RunningSystem.KARBON_PER_MINUTE);
        List<Firm> firms = new ArrayList<>();
        for (int i = 0; i < FIRMS; i++) {
            firms.add(Firm.create("Fleet " + i).generate(500 + i, CLIENTS)
                    .settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect());
        }
        Map<String, long[]> before = new java.util.HashMap<>();
        firms.forEach(f -> before.put(f.id, karbonCalls(f)));
        long xpm429sBefore = xpm429s(firms);
        long deadLettersBefore = deadLetters();

        long start = System.nanoTime();
        List<String> runs = firms.stream().map(f -> at("connector-service").post("/firms/" + f.id + "/sync-runs")
                .then().statusCode(202).extract().<String>path("id")).toList();
        List<CompletableFuture<Result>> finishing = new ArrayList<>();
        for (int i = 0; i < FIRMS; i++) {
            Firm firm = firms.get(i);
            String run = runs.get(i);
            finishing.add(CompletableFuture.supplyAsync(() -> {
                Map<String, Object> done = firm.awaitRun(run, Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] calls = karbonCalls(firm);
                JsonPath outcome = firm.outcome(run);
                return new Result(firm, (Integer) done.get("changesPublished"), calls[0] - before.get(firm.id)[0],
                        calls[1] - before.get(firm.id)[1], seconds, outcome.getInt("failed"));
            }));
        }
        List<Result> results = new ArrayList<>();
        for (CompletableFuture<Result> f : finishing) {
            results.add(f.get());
        }

        System.out.printf("%n=== %d firms, Sync Now at once, at the real limits ===%n", FIRMS);
        System.out.printf("%-10s %8s %13s %10s %9s %7s %11s %7s%n", "firm", "records", "Karbon calls", "finished",
                "floor", "ratio", "Karbon 429", "failed");
        double worst = 0;
        for (Result r : results) {
            double floor = r.karbonCalls() / 2.0;
            double ratio = r.seconds() / floor;
            worst = Math.max(worst, ratio);
            System.out.printf("%-10s %8d %13d %9.1fs %8.1fs %6.2fx %11d %7d%n", r.firm().id, r.records(),
                    r.karbonCalls(), r.seconds(), floor, ratio, r.karbon429s(), r.failed());
        }
        long karbon429s = results.stream().mapToLong(Result::karbon429s).sum();
        System.out.printf("worst ratio to its own floor: %.2fx (goal 1.2x); Karbon 429s: %d; XPM 429s: %d; "
                        + "failed: %d; dead letters: %d%n", worst, karbon429s, xpm429s(firms) - xpm429sBefore,
                results.stream().mapToInt(Result::failed).sum(), deadLetters() - deadLettersBefore);
        assertThat(results).allSatisfy(r -> assertThat(r.failed()).isZero());
    }

    /** The firm's Karbon calls so far: let through, and answered 429. */
    private static long[] karbonCalls(Firm firm) {
        JsonPath calls = at("karbon-sandbox").get("/admin/firms/" + firm.id + "/calls").jsonPath();
        return new long[]{calls.getLong("total"), calls.getLong("rateLimited")};
    }

    private static long xpm429s(List<Firm> firms) {
        return firms.stream().mapToLong(f -> f.xpmCalls().stream().filter(c -> Integer.valueOf(429)
                .equals(c.get("status"))).count()).sum();
    }

    private static long deadLetters() {
        return DeadLetters.count(RunningSystem.system().kafkaBootstrapServers());
    }
}
