package io.xpmsync.push.messaging;

import io.xpmsync.messaging.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How far push-service has read a topic, per partition, against what the topic holds. Before push-service creates a
 * record in XPM it makes sure its view of XPM's change feed holds every XPM change already published for the firm:
 * otherwise a Karbon contact that mapping-service has just written for an XPM record of a Sync Now (its mapping on the
 * way) could be taken for a new one while the XPM record's own change is still unread, and be created in XPM a second
 * time. Each create waits for the ends of the feeds as they were when it was first decided on (the XPM record it
 * may have been written from was published before that), not for a partition other firms keep busy to fall quiet.
 * A partition read here is compared with what this instance has processed; one read by another replica, with
 * the group's committed position. When Kafka cannot be asked, nothing counts as read: a create waits (going ahead
 * could create a record twice; Kafka's admin calls time out first under load).
 */
@ApplicationScoped
public class FeedPositions {

    private static final Logger LOG = Logger.getLogger(FeedPositions.class);
    private static final String GROUP = "push-service";

    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final Admin admin;

    FeedPositions(Config config) {
        Map<String, Object> settings = KafkaSettings.of(config);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        this.admin = Admin.create(settings);
    }

    /** Notes a batch as processed (its transaction committed). */
    public void processed(ConsumerRecords<?, ?> records) {
        for (TopicPartition partition : records.partitions()) {
            var batch = records.records(partition);
            processed.merge(partition, batch.get(batch.size() - 1).offset() + 1, Math::max);
        }
    }

    /**
     * Where the firm's partition of each topic ends now: every record published so far lies before it. A fixed mark
     * to wait for, which a busy partition (other firms' records keep arriving) is sure to reach; empty when Kafka
     * cannot be asked (then the caller asks again: going ahead without knowing could create a record twice).
     */
    public java.util.Optional<Map<TopicPartition, Long>> ends(String firmId, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                int count = partitionCounts.computeIfAbsent(topic, this::partitionCount);
                latest.put(new TopicPartition(topic,
                        Utils.toPositive(Utils.murmur2(firmId.getBytes(StandardCharsets.UTF_8))) % count),
                        OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(8, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            return java.util.Optional.of(ends);
        } catch (Exception e) {
            cannotTell(topics, e);
            return java.util.Optional.empty();
        }
    }

    /**
     * Whether every record before these ends (see {@link #ends}) has been processed, here or by another replica; not
     * while Kafka cannot say how far the group has read.
     */
    public boolean reached(Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = null;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                Long read = processed.get(end.getKey());
                if (read == null) {
                    if (committed == null) {
                        committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                                .get(8, TimeUnit.SECONDS);
                    }
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    read = offset == null ? 0L : offset.offset();
                }
                if (read < end.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            cannotTell(ends.keySet().stream().map(TopicPartition::topic).toList(), e);
            return false;
        }
    }

    private static void cannotTell(List<String> topics, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        LOG.warnf("cannot tell how far %s have been read (%s); creates in XPM wait", topics, e.getMessage());
    }

    private int partitionCount(String topic) {
        try {
            return admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
