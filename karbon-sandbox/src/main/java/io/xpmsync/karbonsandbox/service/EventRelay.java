package io.xpmsync.karbonsandbox.service;

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

/** Publishes the outbox to {@code karbon.contacts.changed.v1} in commit order, a row marked published only after Kafka
 * acknowledged it (see {@link Outbox}): what was committed while Kafka or the relay was down goes out when they are
 * back, and a crash between the send and the mark re-sends the same event id. */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/karbon-sandbox";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;
    private final Duration interval;
    private Poller poller;

    EventRelay(Outbox outbox, @Channel("karbon-contacts-out") MutinyEmitter<String> events,
            @ConfigProperty(name = "karbon-sandbox.outbox.poll-interval", defaultValue = "0.1s") Duration interval) {
        this.outbox = outbox;
        this.events = events;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("karbon-outbox-relay", Duration.ofSeconds(1), interval, this::relay);
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
