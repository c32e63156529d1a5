package io.xpmsync.karbonsandbox.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes the outbox to {@code karbon.contacts.changed.v1} in commit order, a row marked published only after Kafka
 * acknowledged it (see {@link Outbox}): what was committed while Kafka or the relay was down goes out when they are
 * back, and a crash between the send and the mark re-sends the same event id.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String SOURCE = "/xpm-sync/karbon-sandbox";
    private static final int BATCH = 200;

    private final EventSerde serde;
    private final Outbox outbox;
    private final MutinyEmitter<String> karbonContacts;

    OutboxRelay(EventSerde serde, Outbox outbox, @Channel("karbon-contacts-out") MutinyEmitter<String> karbonContacts) {
        this.serde = serde;
        this.outbox = outbox;
        this.karbonContacts = karbonContacts;
    }

    @Scheduled(every = "${karbon-sandbox.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        while (outbox.relayBatch(BATCH, event -> karbonContacts.sendMessage(serde.message(event, SOURCE))
                .subscribeAsCompletionStage()) == BATCH) {
            // a full batch: more may be waiting
        }
    }
}
