package io.xpmsync.connector;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.messaging.Outbox;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not part of the suite (run it with {@code ./mvnw verify -pl connector-service -Dtest=ConnectorSyncBenchmark}):
 * the initial Sync Now of a 10,000-client practice with about 20,000 contacts, against the XPM sandbox enforcing
 * Xero's real limits, on the real broker and database. Prints the wall time to the run's end and to the last event
 * acknowledged by Kafka, the time of each phase, the XPM calls used, and events per second.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConnectorSyncBenchmark {

    private static final int CLIENTS = 10_000;

    @Inject
    Outbox outbox;

    @Test
    void initialSyncOfATenThousandClientPractice() {
        XpmPractice p = XpmPractice.create("Benchmark Practice")
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect("AU");
        long seedStart = System.nanoTime();
        Map<String, Object> seeded = p.generate(10_000L, CLIENTS, 4);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        long start = System.nanoTime();
        Map<String, Object> run = p.syncNow();
        double runSeconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(10)).until(() -> outbox.pending() == 0);
        double publishedSeconds = (System.nanoTime() - start) / 1e9;

        int events = (Integer) run.get("changesPublished");
        List<Map<String, Object>> calls = p.calls();
        long refused = calls.stream().filter(c -> !Integer.valueOf(200).equals(c.get("status"))).count();
        System.out.printf("%n=== connector-service initial sync benchmark ===%n");
        System.out.printf("practice: %s clients, %s contacts (seeded in %.1f s)%n", seeded.get("clients"),
                seeded.get("contacts"), seedSeconds);
        System.out.printf("sync run: %s, %d clients and %d contacts fetched, %d events, %d skipped by scope%n",
                run.get("phase"), run.get("clientsFetched"), run.get("contactsFetched"), events,
                run.get("skippedByScope"));
        System.out.printf("wall time: %.1f s to the run's end, %.1f s to the last event acknowledged by Kafka%n",
                runSeconds, publishedSeconds);
        System.out.printf("phases: fetching (one XPM call) %.1f s, change detection %.1f s%n",
                seconds(run, "startedAt", "fetchedAt"), seconds(run, "fetchedAt", "finishedAt"));
        System.out.printf("XPM calls: %d (%d refused); events per second: %.0f%n", calls.size(), refused,
                events / publishedSeconds);
        assertThat(run.get("phase")).isEqualTo("COMPLETED");
        assertThat(refused).isZero();
    }

    private static double seconds(Map<String, Object> run, String from, String to) {
        return Duration.between(Instant.parse((String) run.get(from)), Instant.parse((String) run.get(to)))
                .toMillis() / 1000.0;
    }
}
