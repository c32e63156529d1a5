package io.xpmsync.connector.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Relays connector-service's outbox to Kafka: {@code ContactChanged} to {@code xpm.contacts.changed.v1},
 * {@code SyncSettingsChanged} to the compacted {@code sync.settings.v1}, each keyed by firm, in commit order, marked
 * published only after Kafka acknowledged it (see {@link Outbox}). */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/connector-service";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;

    EventRelay(Outbox outbox, @Channel("events-out") MutinyEmitter<String> events) {
        this.outbox = outbox;
        this.events = events;
    }

    @Scheduled(every = "${connector.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        outbox.relayAll(events, SOURCE);
    }
}
