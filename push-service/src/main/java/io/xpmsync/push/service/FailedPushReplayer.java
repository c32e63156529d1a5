package io.xpmsync.push.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.messaging.DeadLetters;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.push.persistence.PushViews;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Replays a push that XPM refused for good (dead-lettered by {@link PushWorker} with the Karbon change it was for):
 * the change waits to be pushed again, as if it had just arrived, and the push rules decide on it afresh. The
 * consumed change was marked processed long ago, so sending it back to its topic would change nothing.
 */
@ApplicationScoped
public class FailedPushReplayer implements DeadLetters.Replayer {

    private final String topic;
    private final EventSerde serde;
    private final PushViews views;

    FailedPushReplayer(@ConfigProperty(name = "mp.messaging.outgoing.push-dead-letters.topic") String topic,
                       EventSerde serde, PushViews views) {
        this.topic = topic;
        this.serde = serde;
        this.views = views;
    }

    @Override
    public boolean handles(String deadLetterTopic) {
        return topic.equals(deadLetterTopic);
    }

    @Override
    public void replay(ConsumerRecord<String, String> record) {
        ContactChanged change = serde.decode(record.value(), ContactChanged.class);
        QuarkusTransaction.requiringNew().run(() -> views.karbonChanged(change, record.value()));
    }
}
