package io.xpmsync.push;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.push.messaging.FeedPositions;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a create in XPM waits for: the records of the firm's partition published when it was first decided on, not
 * a partition that other firms keep busy falling quiet (a clean CI run once gave up waiting for that and created
 * XPM contacts twice).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class FeedPositionsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    FeedPositions feed;

    @Test
    void aCreateWaitsForTheFeedAsItWasWhenDecidedOnAndNotForLaterRecordsOfOtherFirms() throws Exception {
        String topic = "feed-positions-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        KafkaTestClient client = new KafkaTestClient(kafka);
        String firm = "firm-feed";
        client.sendAll(topic, firm, List.of("a", "b", "c"));

        Map<TopicPartition, Long> mark = feed.ends(firm, List.of(topic)).orElseThrow();
        assertThat(mark).hasSize(1);
        TopicPartition partition = mark.keySet().iterator().next();
        assertThat(mark.get(partition)).isEqualTo(3L);
        assertThat(feed.reached(mark)).as("nothing of the partition processed yet").isFalse();

        processed(partition, 0, 1);
        assertThat(feed.reached(mark)).as("the firm's third record still unread").isFalse();

        // the firm's records are read while other firms' keep arriving in the same partition
        processed(partition, 2);
        client.sendAll(topic, firm, IntStream.range(0, 50).mapToObj(i -> "later " + i).toList());
        assertThat(feed.reached(mark)).isTrue();
        assertThat(feed.reached(feed.ends(firm, List.of(topic)).orElseThrow())).as("a create decided on now waits"
                + " for them").isFalse();
    }

    @Test
    void whenKafkaCannotSayWhereTheFeedEndsOrHowFarItWasReadACreateWaits() {
        assertThat(feed.ends("firm-feed", List.of("no-such-topic-" + UUID.randomUUID()))).isEmpty();
        assertThat(feed.reached(Map.of(new TopicPartition("no-such-topic-" + UUID.randomUUID(), 0), 1L))).isFalse();
    }

    private void processed(TopicPartition partition, long... offsets) {
        List<ConsumerRecord<String, String>> records = java.util.Arrays.stream(offsets)
                .mapToObj(o -> new ConsumerRecord<>(partition.topic(), partition.partition(), o, "k", "v")).toList();
        feed.processed(new ConsumerRecords<>(Map.of(partition, records), Collections.emptyMap()));
    }
}
