package io.xpmsync.matching;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.matching.service.KarbonIndexHandler;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Classification end to end through Kafka and PostgreSQL: XPM changes for many firms in, verdicts out. A benchmark,
 * not a test: it prints figures and asserts nothing about time. Not part of the suite:
 * {@code ./mvnw -pl matching-service test -Dtest=MatchingPipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class MatchingPipelineBenchmark {

    private static final int FIRMS = 20;
    private static final int KARBON_PER_FIRM = 1_000;
    private static final int XPM_PER_FIRM = 250;

    @Inject
    KarbonIndexHandler index;

    @Test
    void xpm_changes_to_verdicts_through_kafka() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int f = 0; f < FIRMS; f++) {
            String firm = "bench-" + run + "-" + f;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int k = 0; k < KARBON_PER_FIRM; k++) {
                    index.apply(firm, snapshot(ContactRef.karbonOrganization("K" + k), "Client " + k,
                            "c" + k + "@example.com"), Instant.now());
                }
            });
        }
        EventCodec codec = new EventCodec();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Map<String, Long> changedAt = new java.util.HashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < XPM_PER_FIRM; i++) {
            for (int f = 0; f < FIRMS; f++) {
                String firm = "bench-" + run + "-" + f;
                // a mix of exact matches, partial (name only) and new records
                String name = i % 3 == 2 ? "Unknown " + i : "Client " + i;
                String email = i % 3 == 0 ? "c" + i + "@example.com" : "x" + i + "@elsewhere.example";
                ContactChanged change = ContactChanged.of(firm, null, SourceSystem.XPM, ChangeKind.UPDATED,
                        snapshot(ContactRef.xpmClient(UUID.randomUUID().toString()), name, email));
                changedAt.put(change.eventId().toString(), change.occurredAt().toEpochMilli());
                records.add(new ProducerRecord<>(Topics.XPM_CONTACTS_CHANGED, firm, codec.encode(change)));
            }
        }

        List<Long> latenciesMillis = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap);
             KafkaProducer<String, String> producer = producer(bootstrap)) {
            consumer.subscribe(List.of(Topics.MATCHES_PROPOSED));
            consumer.poll(Duration.ofMillis(500));
            long start = System.nanoTime();
            records.forEach(producer::send);
            producer.flush();
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen.size() < changedAt.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String source = sourceEventId(r.value());
                    if (changedAt.containsKey(source) && seen.add(source)) {
                        latenciesMillis.add(r.timestamp() - changedAt.get(source));
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Collections.sort(latenciesMillis);
            System.out.printf("matching pipeline benchmark: %,d XPM changes for %d firms (%,d Karbon contacts each) "
                            + "-> %,d verdicts in %.1f s: %,.0f records/s end to end; "
                            + "change-to-verdict latency (a burst: includes queueing) p50 %d ms, p95 %d ms, p99 %d ms%n",
                    changedAt.size(), FIRMS, KARBON_PER_FIRM, seen.size(), seconds, seen.size() / seconds,
                    percentile(latenciesMillis, 50), percentile(latenciesMillis, 95), percentile(latenciesMillis, 99));
        }
    }

    private static String sourceEventId(String verdict) {
        int at = verdict.indexOf("\"sourceEventId\":\"");
        return at < 0 ? "" : verdict.substring(at + 17, at + 17 + 36);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String email) {
        return new ContactSnapshot(ref, name, null, null, List.of(email), List.of(), null, null, "Company", null,
                List.of(), false, false, null);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5));
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }
}
