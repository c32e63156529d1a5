package io.xpmsync.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.kafka.CloudEventHeaders;
import io.xpmsync.contracts.kafka.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Builds the Kafka message for an event: the JSON value, the firm id as key (a firm's events stay in order) and the
 * CloudEvents binary-mode headers and the trace's {@code traceparent} ({@link Traces#of}), on the event's own topic ({@link Topics#topicFor}), so one channel can carry
 * several event types. Every SmallRye producer of xpm-sync sends through here.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /**
     * @param source  the producing service, e.g. {@code /xpm-sync/matching-service}
     */
    public static Message<String> of(SyncEvent event, String source, EventCodec codec) {
        RecordHeaders headers = new RecordHeaders(CloudEventHeaders.of(event, source).toArray());
        // the trace the event belongs to (W3C Trace Context), so the next service's work joins it
        String traceparent = Traces.of(event);
        if (traceparent != null) {
            headers.add(Traces.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.topicFor(event))
                .withKey(event.firmId())
                .withHeaders(headers)
                .build();
        return Message.of(codec.encode(event)).addMetadata(metadata);
    }
}
