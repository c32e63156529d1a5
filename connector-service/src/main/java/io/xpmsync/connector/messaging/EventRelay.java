package io.xpmsync.connector.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Relays connector-service's outbox to Kafka: {@code ContactChanged} to {@code xpm.contacts.changed.v1},
 * {@code SyncSettingsChanged} to the compacted {@code sync.settings.v1}, each keyed by firm, in commit order, marked
 * published only after Kafka acknowledged it (see {@link Outbox}).
 */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/connector-service";
    private static final int BATCH = 500;

    private final EventSerde serde;
    private final Outbox outbox;
    private final MutinyEmitter<String> events;

    EventRelay(EventSerde serde, Outbox outbox, @Channel("events-out") MutinyEmitter<String> events) {
        this.serde = serde;
        this.outbox = outbox;
        this.events = events;
    }

    @Scheduled(every = "${connector.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        while (outbox.relayBatch(BATCH, event -> events.sendMessage(serde.message(event, SOURCE))
                .subscribeAsCompletionStage()) == BATCH) {
            // a full batch: more may be waiting
        }
    }
}
