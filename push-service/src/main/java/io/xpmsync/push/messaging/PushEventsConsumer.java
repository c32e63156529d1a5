package io.xpmsync.push.messaging;

import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka entry points of push-service. Each decodes and validates its event (an invalid record goes to the channel's
 * dead-letter topic, see {@code application.properties}) and records it in the processed-event log in the same
 * transaction as its effect, so a redelivered event changes nothing. What the service does with each event arrives
 * with issue #6.
 */
@ApplicationScoped
public class PushEventsConsumer {

    private static final Logger LOG = Logger.getLogger(PushEventsConsumer.class);

    private final EventSerde serde;
    private final ProcessedEvents processed;

    PushEventsConsumer(EventSerde serde, ProcessedEvents processed) {
        this.serde = serde;
        this.processed = processed;
    }

    @Incoming("karbon-contacts")
    @Transactional
    public void onKarbonContactChanged(String payload) {
        ContactChanged event = serde.decode(payload, ContactChanged.class);
        if (processed.firstTime("karbon-contacts", event.eventId())) {
            LOG.debugf("karbon-contacts: %s for firm %s", event.eventId(), event.firmId());
        }
    }

    @Incoming("mappings-confirmed")
    @Transactional
    public void onMappingConfirmed(String payload) {
        MappingConfirmed event = serde.decode(payload, MappingConfirmed.class);
        if (processed.firstTime("mappings-confirmed", event.eventId())) {
            LOG.debugf("mappings-confirmed: %s for firm %s", event.eventId(), event.firmId());
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
