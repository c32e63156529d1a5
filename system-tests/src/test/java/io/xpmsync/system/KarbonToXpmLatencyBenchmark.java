package io.xpmsync.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Push latency through every part, from a change made with Karbon's API (the request sent; its commit is inside it)
 * to the XPM write that carries it (the time xpm-sandbox logged the call): Karbon's outbox relay, Kafka, push-service's
 * queue and coalescing window, the practice's XPM allowance and the XPM call. Prints p50, p95, p99 and max:
 * <ol>
 *   <li>idle: one new Organization at a time, each to a firm with nothing else going on (after a few unmeasured
 *       ones that warm the services up);</li>
 *   <li>a burst: 1,000 new Organizations across 200 firms (5 each, inside each practice's allowance), made as fast
 *       as the Karbon API takes them. Each firm's changes and writes are paired in order.</li>
 * </ol>
 * Not part of the suite (the name ends in Benchmark):
 * {@code ./mvnw verify -pl system-tests -Dtest=KarbonToXpmLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * with the services packaged. {@code -Dbenchmark.firms=N} changes the burst's firms.
 *
 * <p>With Karbon's webhooks as the source ({@code -Dxpmsync.karbon-events=webhooks}, run by the pom's webhook-mode
 * execution too), the first part is the change made to the event matching-service published after Karbon's notice and
 * a read of the record; it includes Karbon's coalescing window ({@code -Dxpmsync.karbon-webhook-coalesce}, 1 s here,
 * 60 s at Karbon), which is printed apart and also shown subtracted.
 */
@ExtendWith(RunningSystem.class)
class KarbonToXpmLatencyBenchmark {

    private static final int FIRMS = Integer.getInteger("benchmark.firms", 200);
    private static final int CHANGES_PER_FIRM = 5;
    private static final int IDLE_CHANGES = 40;
    private static final int WARM_UP = 5;
    private static final Duration COALESCE = RunningSystem.WEBHOOK_COALESCE.endsWith("ms")
            ? Duration.ofMillis(Long.parseLong(RunningSystem.WEBHOOK_COALESCE.replace("ms", "")))
            : Duration.parse("PT" + RunningSystem.WEBHOOK_COALESCE.toUpperCase());

    @Test
    void karbonChangeToXpmWrite() throws Exception {
        List<Firm> firms = connectedFirms(FIRMS);

        List<Long> idle = new ArrayList<>();
        List<Long> idleRelayed = new ArrayList<>();
        for (int i = -WARM_UP; i < IDLE_CHANGES; i++) {
            Firm firm = firms.get((i + WARM_UP) % firms.size());
            int writesBefore = writes(firm).size();
            Instant made = Instant.now();
            firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Idle Latency " + i + " Ltd", "Client",
                    "idle" + i + "@latency.example"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> writes(firm).size() > writesBefore);
            if (i < 0) {
                continue; // warming up: the first changes load and compile each part's code
            }
            idle.add(Duration.between(made, writes(firm).get(writesBefore)).toMillis());
            List<Instant[]> events = karbonEvents(firm);
            idleRelayed.add(Duration.between(made, events.get(events.size() - 1)[1]).toMillis());
        }
        System.out.println("Source of Karbon changes: " + (RunningSystem.webhooks()
                ? "Karbon's webhooks (coalescing window " + COALESCE.toMillis() + " ms; Karbon's own is 60,000 ms)"
                : "the Karbon platform's event stream (no coalescing window)"));
        print("idle: one change at a time, " + IDLE_CHANGES + " changes", idle);
        print("idle, first part: the change made to its Karbon event on Kafka", idleRelayed);
        if (RunningSystem.webhooks()) {
            print("idle, without Karbon's coalescing window", idle.stream().map(l -> l - COALESCE.toMillis())
                    .toList());
        }

        Map<Firm, List<Instant>> made = new ConcurrentHashMap<>();
        Map<Firm, Integer> writesBefore = new ConcurrentHashMap<>();
        firms.forEach(f -> writesBefore.put(f, writes(f).size()));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long start = System.nanoTime();
        List<Future<?>> sends = new ArrayList<>();
        for (Firm firm : firms) {
            sends.add(pool.submit(() -> {
                List<Instant> times = new ArrayList<>();
                for (int c = 0; c < CHANGES_PER_FIRM; c++) {
                    times.add(Instant.now());
                    firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Burst " + c + " " + firm.id + " Ltd", "Client",
                            "burst" + c + "@latency.example"));
                }
                made.put(firm, times);
            }));
        }
        for (Future<?> send : sends) {
            send.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double sending = (System.nanoTime() - start) / 1e9;
        List<Long> burst = new ArrayList<>();
        List<Long> relayed = new ArrayList<>();
        List<Long> afterRelay = new ArrayList<>();
        for (Firm firm : firms) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> writes(firm).size() >= writesBefore.get(firm) + CHANGES_PER_FIRM);
            List<Instant> written = writes(firm).subList(writesBefore.get(firm),
                    writesBefore.get(firm) + CHANGES_PER_FIRM);
            List<Instant> times = made.get(firm);
            List<Instant[]> events = karbonEvents(firm);
            for (int c = 0; c < CHANGES_PER_FIRM; c++) {
                burst.add(Duration.between(times.get(c), written.get(c)).toMillis());
                if (events.size() == CHANGES_PER_FIRM) {
                    relayed.add(Duration.between(times.get(c), events.get(c)[1]).toMillis());
                    afterRelay.add(Duration.between(events.get(c)[1], written.get(c)).toMillis());
                }
            }
        }
        print(String.format("burst: %,d changes across %d firms, sent in %.1f s", burst.size(), firms.size(),
                sending), burst);
        if (RunningSystem.webhooks()) {
            print("burst, without Karbon's coalescing window", burst.stream().map(l -> l - COALESCE.toMillis())
                    .toList());
        }
        if (!relayed.isEmpty()) {
            print("burst, first part: the change made to its Karbon event on Kafka (" + (RunningSystem.webhooks()
                    ? "Karbon's window, its notice, matching-service's read and outbox" : "karbon-sandbox's outbox relay")
                    + ")", relayed);
            print("burst, second part: the Karbon event on Kafka to the XPM write (push-service, its allowance, XPM)",
                    afterRelay);
        }
        assertThat(burst).hasSize(FIRMS * CHANGES_PER_FIRM);
    }

    private static List<Firm> connectedFirms(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Firm>> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int number = i;
            made.add(pool.submit(() -> Firm.create("Latency " + number).settings("CLIENTS_ONLY", "Client",
                    List.of("Client")).connect()));
        }
        List<Firm> firms = new ArrayList<>();
        for (Future<Firm> firm : made) {
            firms.add(firm.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();
        return firms;
    }

    /**
     * When each Karbon event of the firm was committed and relayed to Kafka, in order: by karbon-sandbox (the
     * platform's stream) or by matching-service (after Karbon's webhook notices).
     */
    private static List<Instant[]> karbonEvents(Firm firm) throws java.sql.SQLException {
        String outbox = RunningSystem.webhooks() ? "matching.outbox_event" : "karbon_sandbox.outbox_event";
        try (java.sql.Connection db = RunningSystem.database();
             java.sql.PreparedStatement s = db.prepareStatement("SELECT created_at, published_at FROM "
                     + outbox + " WHERE aggregate_id = ? AND published_at IS NOT NULL"
                     + " AND created_at > now() - interval '10 minutes' ORDER BY seq")) {
            s.setString(1, firm.id);
            List<Instant[]> events = new ArrayList<>();
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    events.add(new Instant[] {r.getTimestamp(1).toInstant(), r.getTimestamp(2).toInstant()});
                }
            }
            // the idle round's change of this firm, if it had one, came first
            return events.size() > CHANGES_PER_FIRM ? events.subList(events.size() - CHANGES_PER_FIRM, events.size())
                    : events;
        }
    }

    /** When xpm-sandbox took each client create of the firm's practice, in order. */
    private static List<Instant> writes(Firm firm) {
        return firm.xpmWrites().stream().filter(c -> String.valueOf(c.get("path")).contains("client.api/add"))
                .map(c -> Instant.parse(String.valueOf(c.get("at")))).sorted().toList();
    }

    private static void print(String title, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%n=== Karbon change to XPM write, %s ===%n", title);
        System.out.printf("p50 %,d ms   p95 %,d ms   p99 %,d ms   max %,d ms%n%n", at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
