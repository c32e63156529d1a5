package io.xpmsync.karbonsandbox.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes the outbox to {@code karbon.contacts.changed.v1} in commit order, a row marked published only after Kafka
 * acknowledged it (see {@link Outbox}): what was committed while Kafka or the relay was down goes out when they are
 * back, and a crash between the send and the mark re-sends the same event id. */
@ApplicationScoped
public class OutboxRelay {

    static final String SOURCE = "/xpm-sync/karbon-sandbox";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;

    OutboxRelay(Outbox outbox, @Channel("karbon-contacts-out") MutinyEmitter<String> events) {
        this.outbox = outbox;
        this.events = events;
    }

    @Scheduled(every = "${karbon-sandbox.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        outbox.relayAll(events, SOURCE);
    }
}
