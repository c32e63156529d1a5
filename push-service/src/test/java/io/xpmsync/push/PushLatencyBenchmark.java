package io.xpmsync.push;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not part of the suite (run it with {@code ./mvnw verify -pl push-service -Dtest=PushLatencyBenchmark}): 1,000
 * Karbon changes across 200 connected firms, each firm within its XPM budget, pushed to the XPM sandbox enforcing
 * Xero's real limits. Prints the Karbon-event-to-XPM-write latency (p50, p95, p99, max) and the XPM calls per change,
 * then the latency of single changes to idle firms.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmStackResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PushLatencyBenchmark {

    private static final int FIRMS = 200;
    private static final int CHANGES_PER_FIRM = 5;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void karbonEventToXpmWriteLatency() {
        List<ConnectedFirm> firms = new ArrayList<>();
        for (int i = 0; i < FIRMS; i++) {
            firms.add(new ConnectedFirm(kafka, List.of("Client")));
        }
        Map<UUID, ContactChanged> sent = new HashMap<>();
        long start = System.nanoTime();
        for (ConnectedFirm firm : firms) {
            List<ContactChanged> changes = new ArrayList<>();
            for (int c = 0; c < CHANGES_PER_FIRM; c++) {
                ContactChanged change = ContactChanged.of(firm.firmId, null, SourceSystem.KARBON, ChangeKind.CREATED,
                        ConnectedFirm.organization("BENCH-" + UUID.randomUUID(), "Benchmark Org " + c, "Client",
                                "org" + c + "@bench.example", List.of(new Phone("09 555 01" + c, "Work")), null, null));
                changes.add(change);
                sent.put(change.eventId(), change);
            }
            firm.karbonBurst(changes);
        }
        KafkaTestClient reader = new KafkaTestClient(kafka);
        List<ContactPushed> pushed = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .until(() -> reader.readAll(Topics.PUSHES_COMPLETED, Duration.ofMillis(500)).stream()
                        .map(r -> ConnectedFirm.CODEC.decode(r.value(), ContactPushed.class))
                        .filter(p -> sent.containsKey(p.sourceEventId())).toList(), l -> l.size() >= sent.size());
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        long[] latencies = pushed.stream().mapToLong(p -> Duration.between(sent.get(p.sourceEventId()).occurredAt(),
                p.occurredAt()).toMillis()).sorted().toArray();
        // connector-service's full run after the settings (one client.api/list per firm) is not push-service's.
        long calls = firms.stream().mapToLong(f -> ConnectedFirm.sandbox().get("/admin/practices/" + f.tenantId
                + "/calls").jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(c -> !((String) c.get("path")).contains("client.api/list")).count()).sum();
        long created = pushed.stream().filter(p -> p.outcome() == PushOutcome.CREATED).count();

        // One change at a time, each firm idle: the real-time figure.
        long[] single = new long[20];
        for (int i = 0; i < single.length; i++) {
            ConnectedFirm firm = firms.get(i);
            ContactChanged change = firm.karbonChanged(ConnectedFirm.organization("SINGLE-" + UUID.randomUUID(),
                    "Single Org " + i, "Client", "single" + i + "@bench.example", List.of(), null, null));
            ContactPushed done = ConnectedFirm.CODEC.decode(reader.awaitRecord(Topics.PUSHES_COMPLETED,
                    r -> r.value().contains(change.eventId().toString()), Duration.ofSeconds(30)).value(),
                    ContactPushed.class);
            single[i] = Duration.between(change.occurredAt(), done.occurredAt()).toMillis();
        }
        java.util.Arrays.sort(single);

        System.out.printf("%n=== push-service latency benchmark ===%n");
        System.out.printf("%d Karbon changes across %d firms (%d each), %d created in XPM, in %.1f s%n", sent.size(),
                FIRMS, CHANGES_PER_FIRM, created, wallSeconds);
        System.out.printf("Karbon event to XPM write: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies[latencies.length - 1]);
        System.out.printf("XPM calls by push-service: %d, %.2f per change%n", calls, (double) calls / sent.size());
        System.out.printf("one change at a time (20 idle firms): p50 %d ms, max %d ms%n", percentile(single, 50),
                single[single.length - 1]);
        assertThat(created).isEqualTo(sent.size());
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
