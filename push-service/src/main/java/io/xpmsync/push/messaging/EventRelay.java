package io.xpmsync.push.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.Poller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/** Relays push-service's outbox ({@code ContactPushed}) to Kafka in commit order, marked after Kafka's ack (see
 * {@link Outbox}). */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/push-service";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;
    private final Duration interval;
    private Poller poller;

    EventRelay(Outbox outbox, @Channel("pushes-out") MutinyEmitter<String> events,
            @ConfigProperty(name = "push.outbox.poll-interval", defaultValue = "0.1s") Duration interval) {
        this.outbox = outbox;
        this.events = events;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("push-outbox-relay", Duration.ofSeconds(1), interval, this::relay);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.close();
        }
    }

    void relay() {
        outbox.relayAll(events, SOURCE);
    }
}
