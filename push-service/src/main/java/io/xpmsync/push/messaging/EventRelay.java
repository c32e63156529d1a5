package io.xpmsync.push.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Relays push-service's outbox ({@code ContactPushed}) to Kafka in commit order, marked after Kafka's ack. */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/push-service";
    private static final int BATCH = 500;

    private final EventSerde serde;
    private final Outbox outbox;
    private final MutinyEmitter<String> events;

    EventRelay(EventSerde serde, Outbox outbox, @Channel("pushes-out") MutinyEmitter<String> events) {
        this.serde = serde;
        this.outbox = outbox;
        this.events = events;
    }

    @Scheduled(every = "${push.outbox.poll-interval:0.1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        while (outbox.relayBatch(BATCH, event -> events.sendMessage(serde.message(event, SOURCE))
                .subscribeAsCompletionStage()) == BATCH) {
            // a full batch: more may be waiting
        }
    }
}
