package io.xpmsync.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The service's dead-letter topics, read and replayed. The topics are those its channels name
 * ({@code mp.messaging.(incoming|outgoing).<channel>.(dead-letter-queue.)topic}) ending in {@code .dlq.<this service>}.
 * A record a consumer could not process carries the topic it came from ({@code dead-letter-topic}) and is replayed by
 * sending it back there, key, value and headers as they were, with {@code replayed-from}; the consumers are
 * idempotent, and a dead-lettered event was never marked processed, so the replay is processed once. A record the
 * service dead-lettered after consuming it (push-service's failed pushes) is replayed by the service's own
 * {@link Replayer}. Reading never commits offsets: a dead-letter topic is kept for its retention whatever is replayed.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * One dead-lettered record: where it is, why it failed, where it came from, and in a person's words what it was
     * ({@code what}) and which contact it concerned ({@code contactName}, when it names one).
     */
    public record DeadLetter(String topic, int partition, long offset, Instant at, String firmId, String reason,
                             String cause, String originalTopic, Integer originalPartition, Long originalOffset,
                             String eventId, String what, String contactName, String replayedFrom) {
    }

    /** A dead-letter topic of the service and how many records it holds. */
    public record Topic(String topic, long records) {
    }

    /** Which records of a topic to replay: all of them, a firm's, or the ones named by partition and offset. */
    public record Selection(String firmId, List<Position> records) {

        public record Position(int partition, long offset) {
        }

        boolean includes(ConsumerRecord<String, String> r) {
            boolean firm = firmId == null || firmId.isBlank() || firmId.equals(r.key());
            boolean named = records == null || records.isEmpty()
                    || records.stream().anyMatch(p -> p.partition() == r.partition() && p.offset() == r.offset());
            return firm && named;
        }
    }

    /** Replays a record that names no topic it came from (the service dead-lettered it after consuming it). */
    public interface Replayer {
        /** Whether this replayer takes the records of {@code topic}. */
        boolean handles(String topic);

        void replay(ConsumerRecord<String, String> record);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final Instance<Replayer> replayers;

    DeadLetters(Config config, Instance<Replayer> replayers) {
        this.config = config;
        this.replayers = replayers;
    }

    /**
     * The service's own dead-letter topics ({@code <topic>.dlq.<this service>}; a service that reads another's, as
     * mapping-service reads matching-service's, does not list it).
     */
    public Set<String> topics() {
        String own = ".dlq." + config.getOptionalValue("quarkus.application.name", String.class).orElse("");
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.") && name.endsWith(".topic")) {
                config.getOptionalValue(name, String.class).filter(t -> t.endsWith(own)).ifPresent(topics::add);
            }
        }
        return topics;
    }

    public List<Topic> summary() {
        List<Topic> summary = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (String topic : topics()) {
                List<TopicPartition> partitions = partitions(consumer, topic);
                long records = 0;
                if (!partitions.isEmpty()) {
                    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    for (TopicPartition p : partitions) {
                        records += end.get(p) - begin.get(p);
                    }
                }
                summary.add(new Topic(topic, records));
            }
        }
        return summary;
    }

    /** The records of {@code topic}, oldest first, that {@code firmId} owns (all when null), at most {@code limit}. */
    public List<DeadLetter> list(String topic, String firmId, int limit) {
        requireOwn(topic);
        List<DeadLetter> letters = new ArrayList<>();
        read(topic, r -> firmId == null || firmId.equals(r.key()), r -> {
            if (letters.size() < limit) {
                letters.add(letter(r));
            }
        });
        return letters;
    }

    /** Replays the selected records of {@code topic}; answers how many. */
    public int replay(String topic, Selection selection) {
        requireOwn(topic);
        List<ConsumerRecord<String, String>> chosen = new ArrayList<>();
        read(topic, selection::includes, chosen::add);
        if (chosen.isEmpty()) {
            return 0;
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (ConsumerRecord<String, String> r : chosen) {
                String original = header(r.headers(), "dead-letter-topic");
                if (original != null) {
                    RecordHeaders headers = new RecordHeaders();
                    for (Header h : r.headers()) {
                        if (!h.key().startsWith("dead-letter-") && !h.key().equals("replayed-from")) {
                            headers.add(h);
                        }
                    }
                    headers.add("replayed-from", (r.topic() + "-" + r.partition() + "@" + r.offset())
                            .getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(original, null, r.key(), r.value(), headers))
                            .get(30, TimeUnit.SECONDS);
                } else {
                    replayers.stream().filter(x -> x.handles(topic)).findFirst().orElseThrow(() ->
                            new IllegalStateException(topic + "-" + r.partition() + "@" + r.offset() + " names no"
                                    + " topic it came from, and nothing here replays it")).replay(r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the replay of " + topic + ": " + e.getMessage(), e);
        }
        LOG.infof("replayed %d records of %s", chosen.size(), topic);
        return chosen.size();
    }

    private void requireOwn(String topic) {
        if (!topics().contains(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is not a dead-letter topic of this service; its topics: "
                    + String.join(", ", topics()));
        }
    }

    private void read(String topic, Predicate<ConsumerRecord<String, String>> wanted,
                      java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (wanted.test(r)) {
                        each.accept(r);
                    }
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Collection<TopicPartition> partitions,
                                    Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static DeadLetter letter(ConsumerRecord<String, String> r) {
        Headers h = r.headers();
        String original = header(h, "dead-letter-topic");
        String eventId = header(h, "ce_id");
        String name = null;
        try {
            JsonNode value = JSON.readTree(r.value());
            eventId = eventId != null ? eventId : text(value.path("eventId"));
            for (String record : List.of("contact", "xpmRecord", "karbonRecord")) {
                name = name != null ? name : text(value.path(record).path("name"));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON (a poison record): nothing more to say of it
        }
        return new DeadLetter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(),
                header(h, "dead-letter-reason"), header(h, "dead-letter-cause"), original,
                integer(header(h, "dead-letter-partition")), longValue(header(h, "dead-letter-offset")),
                eventId, what(original), name, header(h, "replayed-from"));
    }

    /** What a record was, in words, by the topic it came from (none: a push the service made and XPM refused). */
    static String what(String originalTopic) {
        if (originalTopic == null) {
            return "a change pushed to XPM";
        }
        return originalTopic.startsWith("xpm.contacts") ? "a change made in XPM"
                : originalTopic.startsWith("karbon.contacts") ? "a change made in Karbon"
                : originalTopic.startsWith("sync.matches") ? "a match of an XPM record"
                : originalTopic.startsWith("sync.mappings") ? "a confirmed mapping"
                : originalTopic.startsWith("sync.pushes") ? "the outcome of a push to XPM"
                : originalTopic.startsWith("sync.settings") ? "a change of Contact Sync Settings"
                : "a record of " + originalTopic;
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> settings = KafkaSettings.of(config);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> settings = KafkaSettings.of(config);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
