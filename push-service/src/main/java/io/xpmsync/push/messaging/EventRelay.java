package io.xpmsync.push.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Relays push-service's outbox ({@code ContactPushed}) to Kafka in commit order, marked after Kafka's ack (see
 * {@link Outbox}). */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/push-service";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;

    EventRelay(Outbox outbox, @Channel("pushes-out") MutinyEmitter<String> events) {
        this.outbox = outbox;
        this.events = events;
    }

    @Scheduled(every = "${push.outbox.poll-interval:0.1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        outbox.relayAll(events, SOURCE);
    }
}
