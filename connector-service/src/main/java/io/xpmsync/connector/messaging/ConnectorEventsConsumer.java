package io.xpmsync.connector.messaging;

import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka entry points of connector-service. Each decodes and validates its event (an invalid record goes to the channel's
 * dead-letter topic, see {@code application.properties}) and records it in the processed-event log in the same
 * transaction as its effect, so a redelivered event changes nothing. What the service does with each event arrives
 * with issue #3.
 */
@ApplicationScoped
public class ConnectorEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ConnectorEventsConsumer.class);

    private final EventSerde serde;
    private final ProcessedEvents processed;

    ConnectorEventsConsumer(EventSerde serde, ProcessedEvents processed) {
        this.serde = serde;
        this.processed = processed;
    }

    @Incoming("pushes-completed")
    @Transactional
    public void onContactPushed(String payload) {
        ContactPushed event = serde.decode(payload, ContactPushed.class);
        if (processed.firstTime("pushes-completed", event.eventId())) {
            LOG.debugf("pushes-completed: %s for firm %s", event.eventId(), event.firmId());
        }
    }
}
