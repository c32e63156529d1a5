package io.xpmsync.connector;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.client.xpm.XpmApi;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not part of the suite (run it with {@code ./mvnw verify -pl connector-service -Dtest=ConnectorSyncBenchmark
 * -Dxpmsync.service-jvm=-Xmx1g}; the sandbox needs the larger heap to build its answer; {@code -Dbenchmark.clients=N}
 * for another size): the initial Sync Now of a 50,000-client practice with about 100,000 contacts, against the XPM
 * sandbox enforcing Xero's real limits, on the real broker and database. Prints the wall time to the run's end and to
 * the last event acknowledged by Kafka, the XPM calls used, the bytes read from XPM, events per second, and this
 * JVM's heap: the peak in use, and the most that was still live after a collection (the read is streamed, so that
 * stays flat whatever the practice's size).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ConnectorSyncBenchmark {

    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 50_000);

    @Inject
    Outbox outbox;

    @Inject
    XpmApi xpm;

    @Test
    void initialSyncOfALargePractice() {
        XpmPractice p = XpmPractice.create("Benchmark Practice")
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect("AU");
        long seedStart = System.nanoTime();
        int contacts = 0;
        for (int from = 0; from < CLIENTS; from += 5_000) {
            // in parts of 5,000, each an answer of its own
            contacts += (Integer) p.generate(10_000L + from, Math.min(5_000, CLIENTS - from), 4).get("contacts");
        }
        Map<String, Object> seeded = Map.of("clients", CLIENTS, "contacts", contacts);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        System.gc();
        HeapWatch heap = HeapWatch.start();
        long bytesBefore = xpm.bytesRead(p.tenantId);
        long start = System.nanoTime();
        Map<String, Object> run = p.syncNow(Duration.ofMinutes(60));
        double runSeconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(30)).until(() -> outbox.pending() == 0);
        double publishedSeconds = (System.nanoTime() - start) / 1e9;
        heap.stop();
        long bytes = xpm.bytesRead(p.tenantId) - bytesBefore;

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
        System.out.printf("phases: clients read, compared and published as they arrived %.1f s, contacts compared"
                + " %.1f s%n", seconds(run, "startedAt", "fetchedAt"), seconds(run, "fetchedAt", "finishedAt"));
        System.out.printf("XPM calls: %d (%d refused); bytes read from XPM: %.1f MB; events per second: %.0f%n",
                calls.size(), refused, bytes / 1e6, events / publishedSeconds);
        System.out.printf("heap of this JVM (connector-service): peak in use %d MB, at most %d MB live after a"
                + " collection%n", heap.peakUsed() >> 20, heap.peakLiveAfterGc() >> 20);
        assertThat(run.get("phase")).isEqualTo("COMPLETED");
        assertThat(refused).isZero();
    }

    /** Samples the heap while the run goes: the peak in use, and the most still live after a collection. */
    private static final class HeapWatch implements Runnable {

        private final Thread thread = new Thread(this, "heap-watch");
        private volatile boolean running = true;
        private long peakUsed;
        private long peakLiveAfterGc;

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            watch.thread.setDaemon(true);
            watch.thread.start();
            return watch;
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        MemoryUsage afterGc = pool.getCollectionUsage();
                        live += afterGc == null ? 0 : afterGc.getUsed();
                    }
                }
                peakUsed = Math.max(peakUsed, used);
                peakLiveAfterGc = Math.max(peakLiveAfterGc, live);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long peakUsed() {
            return peakUsed;
        }

        long peakLiveAfterGc() {
            return peakLiveAfterGc;
        }
    }

    private static double seconds(Map<String, Object> run, String from, String to) {
        return Duration.between(Instant.parse((String) run.get(from)), Instant.parse((String) run.get(to)))
                .toMillis() / 1000.0;
    }
}
