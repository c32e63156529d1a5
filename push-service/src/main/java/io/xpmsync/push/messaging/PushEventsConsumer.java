package io.xpmsync.push.messaging;

import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import io.xpmsync.push.persistence.PushViews;
import io.xpmsync.push.xpm.XpmProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka entry points of push-service: Karbon changes join the push queue (the latest state per contact), and
 * settings, mappings, open partial matches and XPM's change feed keep the local views the rules read. Each decodes and validates its
 * event (an invalid record goes to the channel's dead-letter topic) and records it in the processed-event log in the
 * same transaction as its effect.
 */
@ApplicationScoped
public class PushEventsConsumer {

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final PushViews views;

    PushEventsConsumer(EventSerde serde, ProcessedEvents processed, PushViews views) {
        this.serde = serde;
        this.processed = processed;
        this.views = views;
    }

    @Incoming("karbon-contacts")
    @Transactional
    public void onKarbonContactChanged(String payload) {
        ContactChanged event = serde.decode(payload, ContactChanged.class);
        if (processed.firstTime("karbon-contacts", event.eventId()) && event.origin() == SourceSystem.KARBON) {
            views.karbonChanged(event, payload);
        }
    }

    @Incoming("xpm-contacts")
    @Transactional
    public void onXpmContactChanged(String payload) {
        ContactChanged event = serde.decode(payload, ContactChanged.class);
        if (processed.firstTime("xpm-contacts", event.eventId()) && event.origin() == SourceSystem.XPM) {
            views.xpmHolds(event.firmId(), event.contact().ref().id(), XpmProjection.hash(event.contact()));
        }
    }

    @Incoming("mappings-confirmed")
    @Transactional
    public void onMappingConfirmed(String payload) {
        MappingConfirmed event = serde.decode(payload, MappingConfirmed.class);
        if (processed.firstTime("mappings-confirmed", event.eventId())) {
            views.mapping(event);
        }
    }

    @Incoming("matches-proposed")
    @Transactional
    public void onMatchProposed(String payload) {
        MatchProposed event = serde.decode(payload, MatchProposed.class);
        if (processed.firstTime("matches-proposed", event.eventId())) {
            views.matchProposed(event);
        }
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (processed.firstTime("settings", event.eventId())) {
            views.settings(event);
        }
    }
}
