package io.xpmsync.connector.messaging;

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

/** Relays connector-service's outbox to Kafka: {@code ContactChanged} to {@code xpm.contacts.changed.v1},
 * {@code SyncSettingsChanged} to the compacted {@code sync.settings.v1}, each keyed by firm, in commit order, marked
 * published only after Kafka acknowledged it (see {@link Outbox}). */
@ApplicationScoped
public class EventRelay {

    static final String SOURCE = "/xpm-sync/connector-service";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;
    private final Duration interval;
    private Poller poller;

    EventRelay(Outbox outbox, @Channel("events-out") MutinyEmitter<String> events,
            @ConfigProperty(name = "connector.outbox.poll-interval", defaultValue = "0.2s") Duration interval) {
        this.outbox = outbox;
        this.events = events;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("connector-outbox-relay", Duration.ofSeconds(1), interval, this::relay);
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
