package io.xpmsync.matching.webhooks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.Poller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.xpmsync.matching.config.MatchingConfig;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/**
 * Relays matching-service's outbox (the {@code ContactChanged} events read from Karbon after its webhook notices) to
 * {@code karbon.contacts.changed.v1}, keyed by firm, in commit order, each marked published only after Kafka
 * acknowledged it (see {@link Outbox}).
 */
@ApplicationScoped
public class KarbonEventRelay {

    static final String SOURCE = "/xpm-sync/matching-service";

    private final Outbox outbox;
    private final MutinyEmitter<String> events;
    private final Duration interval;
    private Poller poller;

    KarbonEventRelay(Outbox outbox, @Channel("karbon-events-out") MutinyEmitter<String> events,
                     MatchingConfig config) {
        this.outbox = outbox;
        this.events = events;
        this.interval = config.outbox().pollInterval();
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("matching-outbox-relay", Duration.ofSeconds(1), interval, this::relay);
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
