package io.xpmsync.messaging;

import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.SyncEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's one {@link EventCodec}. For consumers, an invalid payload throws
 * {@link io.xpmsync.contracts.events.InvalidEventException}, which nacks the record and sends it to the channel's
 * dead-letter topic with the reason.
 */
@ApplicationScoped
public class EventSerde {

    private final EventCodec codec = new EventCodec();

    public <T extends SyncEvent> T decode(String payload, Class<T> type) {
        return codec.decode(payload, type);
    }

    /** An event this service wrote itself (its outbox): mapped, not validated again; see {@link EventCodec#decodeOwn}. */
    public <T extends SyncEvent> T decodeOwn(String payload, Class<T> type) {
        return codec.decodeOwn(payload, type);
    }

    public String encode(SyncEvent event) {
        return codec.encode(event);
    }

    /** The Kafka message for {@code event}; see {@link EventMessages}. */
    public org.eclipse.microprofile.reactive.messaging.Message<String> message(SyncEvent event, String source) {
        return EventMessages.of(event, source, codec);
    }
}
