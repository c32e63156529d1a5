package io.xpmsync.mapping.messaging;

import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka entry points of mapping-service. Each decodes and validates its event (an invalid record goes to the channel's
 * dead-letter topic, see {@code application.properties}) and records it in the processed-event log in the same
 * transaction as its effect, so a redelivered event changes nothing. What the service does with each event arrives
 * with issue #5.
 */
@ApplicationScoped
public class MappingEventsConsumer {

    private static final Logger LOG = Logger.getLogger(MappingEventsConsumer.class);

    private final EventSerde serde;
    private final ProcessedEvents processed;

    MappingEventsConsumer(EventSerde serde, ProcessedEvents processed) {
        this.serde = serde;
        this.processed = processed;
    }

    @Incoming("matches-proposed")
    @Transactional
    public void onMatchProposed(String payload) {
        MatchProposed event = serde.decode(payload, MatchProposed.class);
        if (processed.firstTime("matches-proposed", event.eventId())) {
            LOG.debugf("matches-proposed: %s for firm %s", event.eventId(), event.firmId());
        }
    }

    @Incoming("pushes-completed")
    @Transactional
    public void onContactPushed(String payload) {
        ContactPushed event = serde.decode(payload, ContactPushed.class);
        if (processed.firstTime("pushes-completed", event.eventId())) {
            LOG.debugf("pushes-completed: %s for firm %s", event.eventId(), event.firmId());
        }
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (processed.firstTime("settings", event.eventId())) {
            LOG.debugf("settings: %s for firm %s", event.eventId(), event.firmId());
        }
    }
}
