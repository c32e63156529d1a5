package io.xpmsync.matching.messaging;

import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.matching.service.KarbonConnections;
import io.xpmsync.matching.service.KarbonIndexHandler;
import io.xpmsync.matching.service.MappingHandler;
import io.xpmsync.matching.service.MatchHandler;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka entry points of matching-service. Each decodes and validates its event (an invalid record goes to the channel's
 * dead-letter topic, see {@code application.properties}) and records it in the processed-event log in the same
 * transaction as its effect, so a redelivered event changes nothing. Records of one firm arrive in order (the key is
 * the firm id).
 */
@ApplicationScoped
public class MatchingEventsConsumer {

    private static final Logger LOG = Logger.getLogger(MatchingEventsConsumer.class);

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final MatchHandler matches;
    private final KarbonIndexHandler karbonIndex;
    private final MappingHandler mappings;
    private final KarbonConnections connections;

    MatchingEventsConsumer(EventSerde serde, ProcessedEvents processed, MatchHandler matches,
                           KarbonIndexHandler karbonIndex, MappingHandler mappings, KarbonConnections connections) {
        this.serde = serde;
        this.processed = processed;
        this.matches = matches;
        this.karbonIndex = karbonIndex;
        this.mappings = mappings;
        this.connections = connections;
    }

    @Incoming("xpm-contacts")
    @Transactional
    public void onXpmContactChanged(String payload) {
        ContactChanged event = serde.decode(payload, ContactChanged.class);
        if (processed.firstTime("xpm-contacts", event.eventId())) {
            MatchProposed proposed = matches.handle(event);
            LOG.debugf("firm %s: XPM %s is %s", event.firmId(), event.contact().ref().id(), proposed.outcome());
        }
    }

    @Incoming("karbon-contacts")
    @Transactional
    public void onKarbonContactChanged(String payload) {
        ContactChanged event = serde.decode(payload, ContactChanged.class);
        if (processed.firstTime("karbon-contacts", event.eventId())) {
            karbonIndex.apply(event.firmId(), event.contact(), event.occurredAt());
        }
    }

    @Incoming("mappings-confirmed")
    @Transactional
    public void onMappingConfirmed(String payload) {
        MappingConfirmed event = serde.decode(payload, MappingConfirmed.class);
        if (processed.firstTime("mappings-confirmed", event.eventId())) {
            mappings.apply(event);
        }
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (processed.firstTime("settings", event.eventId())) {
            connections.apply(event);
        }
    }
}
