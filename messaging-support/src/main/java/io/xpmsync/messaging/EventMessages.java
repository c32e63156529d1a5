package io.xpmsync.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.kafka.CloudEventHeaders;
import io.xpmsync.contracts.kafka.Topics;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Builds the Kafka message for an event: the JSON value, the firm id as key (a firm's events stay in order) and the
 * CloudEvents binary-mode headers, on the event's own topic ({@link Topics#topicFor}), so one channel can carry
 * several event types. Every SmallRye producer of xpm-sync sends through here.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /**
     * @param source  the producing service, e.g. {@code /xpm-sync/matching-service}
     */
    public static Message<String> of(SyncEvent event, String source, EventCodec codec) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.topicFor(event))
                .withKey(event.firmId())
                .withHeaders(CloudEventHeaders.of(event, source))
                .build();
        return Message.of(codec.encode(event)).addMetadata(metadata);
    }
}
