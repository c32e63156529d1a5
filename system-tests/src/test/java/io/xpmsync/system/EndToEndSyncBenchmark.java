package io.xpmsync.system;

import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full initial sync of a 10,000-client practice through every service, beside the raw produce-consume throughput
 * of the same Kafka broker measured in the same run. Prints the wall time, the XPM and Karbon calls used, and each
 * stage's throughput. Not part of the suite (the name ends in Benchmark):
 * {@code ./mvnw verify -pl system-tests -Dtest=EndToEndSyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * with the services packaged ({@code ./mvnw package -DskipTests}). {@code -Dbenchmark.clients=N} changes the size.
 */
@ExtendWith(RunningSystem.class)
class EndToEndSyncBenchmark {

    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 10_000);

    @Test
    void initialSyncOfALargePracticeThroughEveryService() throws Exception {
        String bootstrap = RunningSystem.system().kafkaBootstrapServers();
        Firm firm = Firm.create("Benchmark");
        long seeding = System.nanoTime();
        firm.generate(42, CLIENTS).settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect();
        System.out.printf("%nseeded %,d XPM clients and the overlapping Karbon firm (%,d Karbon records) in %.1f s%n",
                CLIENTS, firm.karbonContacts().size(), seconds(System.nanoTime() - seeding));

        Map<TopicPartition, Long> matchesStart = endOffsets(bootstrap, Topics.MATCHES_PROPOSED);
        long karbonCallsBefore = karbonCalls(firm);
        Map<String, Duration> cpuBefore = cpuByService();
        double machineBefore = machineBusySeconds();
        long commitsBefore = commits();
        int xpmCallsBefore = firm.xpmCalls().size();
        long start = System.nanoTime();
        String runId = at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        CompletableFuture<long[]> matches = CompletableFuture.supplyAsync(() -> countVerdicts(bootstrap, matchesStart,
                firm.id, runId, Duration.ofMinutes(20)));
        Map<String, Object> run = firm.awaitRun(runId, Duration.ofMinutes(20));
        long end = System.nanoTime();
        Map<String, Duration> cpuAfter = cpuByService();
        double machineBusy = machineBusySeconds() - machineBefore;
        long commitsAfter = commits();
        long[] verdicts = matches.get();
        int published = (Integer) run.get("changesPublished");
        var outcome = firm.outcome(runId);
        assertThat(outcome.getInt("failed")).isZero();
        assertThat(verdicts[0]).isEqualTo(published);

        double fetch = between(run, "startedAt", "fetchedAt");
        double detect = between(run, "fetchedAt", "finishedAt");
        double total = seconds(end - start);
        double matchingEnd = seconds(verdicts[1] - start);
        Raw raw = rawBrokerThroughput(bootstrap, Math.max(published, 20_000), 700);

        System.out.printf("%n=== initial sync of %,d XPM clients through every service ===%n", CLIENTS);
        System.out.printf("records synced:            %,d (clients %,d, contacts %,d)%n", published,
                run.get("clientsFetched"), run.get("contactsFetched"));
        System.out.printf("wall time, Sync Now to every verdict applied in Karbon: %.1f s%n", total);
        System.out.printf("XPM calls:                 %d (run says %s)%n", firm.xpmCalls().size() - xpmCallsBefore,
                run.get("xpmCalls"));
        System.out.printf("Karbon calls:              %,d%n", karbonCalls(firm) - karbonCallsBefore);
        System.out.printf("outcome:                   exact %,d, created %,d, partial %,d, skipped %,d%n",
                outcome.getInt("exact"), outcome.getInt("created"), outcome.getInt("partial"),
                outcome.getInt("skipped"));
        System.out.printf("%-46s %10s %12s%n", "stage", "seconds", "records/s");
        System.out.printf("%-46s %10.1f %12s%n", "connector: one XPM list call", fetch, "-");
        System.out.printf("%-46s %10.1f %,12.0f%n", "connector: change detection + outbox to Kafka", detect,
                published / detect);
        System.out.printf("%-46s %10.1f %,12.0f%n", "matching: Sync Now to last MatchProposed", matchingEnd,
                published / matchingEnd);
        System.out.printf("%-46s %10.1f %,12.0f%n", "mapping: Sync Now to last verdict applied", total,
                published / total);
        System.out.printf("%-46s %10.1f %,12.0f%n", "raw broker: produce + consume " + raw.records + " x "
                + raw.bytes + " B", raw.seconds, raw.records / raw.seconds);
        System.out.printf("pipeline / raw broker:     %.2f%% (records/s end to end over raw produce-consume)%n",
                100.0 * (published / total) / (raw.records / raw.seconds));
        System.out.printf("service JVM options:       %s%n", String.join(" ", ServiceProcess.jvmOptions()));
        System.out.printf("PostgreSQL commits:        %.1f per record (all services and sandboxes together)%n",
                (double) (commitsAfter - commitsBefore) / published);
        System.out.printf("%-46s %10s %12s%n", "CPU from Sync Now to the end", "CPU s", "CPU ms/rec");
        cpuAfter.forEach((service, cpu) -> {
            double used = (cpu.toMillis() - cpuBefore.getOrDefault(service, Duration.ZERO).toMillis()) / 1000.0;
            System.out.printf("%-46s %10.1f %12.2f%n", service, used, used * 1000 / published);
        });
        System.out.printf("%-46s %10.1f %12.2f%n", "whole machine (with Kafka, PostgreSQL, this JVM)", machineBusy,
                machineBusy * 1000 / published);
        System.out.println();
    }

    private record Raw(int records, int bytes, double seconds) {
    }

    /** CPU time used so far by each running service process (replicas added up). */
    private static Map<String, Duration> cpuByService() {
        Map<String, Duration> cpu = new java.util.TreeMap<>();
        for (ServiceProcess service : RunningSystem.system().services()) {
            cpu.merge(service.name(), service.cpuTime(), Duration::plus);
        }
        return cpu;
    }

    /** CPU seconds the whole machine has been busy (all cores, from /proc/stat; 0 where there is none). */
    private static double machineBusySeconds() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                busy += (i == 4 || i == 5) ? 0 : Long.parseLong(f[i]);
            }
            return busy / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Transactions committed in the system's database so far. */
    private static long commits() throws java.sql.SQLException {
        try (java.sql.Connection db = RunningSystem.database();
             java.sql.ResultSet r = db.createStatement().executeQuery("SELECT xact_commit FROM pg_stat_database"
                     + " WHERE datname = current_database()")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Produces {@code records} records of {@code bytes} bytes to a new 3-partition topic and consumes them all. */
    private static Raw rawBrokerThroughput(String bootstrap, int records, int bytes) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        String value = "x".repeat(bytes);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        long start = System.nanoTime();
        CompletableFuture<Long> consumed = CompletableFuture.supplyAsync(() -> {
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
                consumer.subscribe(List.of(topic));
                long n = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (n < records && System.nanoTime() < deadline) {
                    n += consumer.poll(Duration.ofMillis(200)).count();
                }
                return System.nanoTime();
            }
        });
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "firm-" + (i % 200), value));
            }
            producer.flush();
        }
        return new Raw(records, bytes, seconds(consumed.get() - start));
    }

    /** Counts the run's MatchProposed records; answers the count and when the last one was read. */
    private static long[] countVerdicts(String bootstrap, Map<TopicPartition, Long> from, String firmId, String runId,
                                        Duration atMost) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            AtomicLong count = new AtomicLong();
            long last = 0;
            long deadline = System.nanoTime() + atMost.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                long before = count.get();
                batch.stream().filter(r -> firmId.equals(r.key()) && r.value().contains(runId))
                        .forEach(r -> count.incrementAndGet());
                if (count.get() > before) {
                    last = System.nanoTime();
                    quietSince = last;
                } else if (count.get() > 0 && System.nanoTime() - quietSince > Duration.ofSeconds(20).toNanos()) {
                    break;
                }
            }
            return new long[] {count.get(), last};
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private static long karbonCalls(Firm firm) {
        return at("karbon-sandbox").get("/admin/firms/" + firm.id + "/calls").jsonPath().getLong("total");
    }

    private static double between(Map<String, Object> run, String from, String to) {
        return Duration.between(java.time.Instant.parse((String) run.get(from)),
                java.time.Instant.parse((String) run.get(to))).toMillis() / 1000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
