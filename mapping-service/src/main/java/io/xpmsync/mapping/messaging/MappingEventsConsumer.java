package io.xpmsync.mapping.messaging;

import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.service.Mappings;
import io.xpmsync.mapping.work.KarbonWorkQueue;
import io.xpmsync.mapping.work.KarbonWorkers;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * The Kafka entry points of mapping-service. Each decodes and validates its event (an invalid record goes to the
 * channel's dead-letter topic, see {@code application.properties}) and records it in the processed-event log in the
 * same transaction as its effect, so a redelivered event changes nothing. None calls Karbon: verdicts are queued for
 * the Karbon workers ({@link KarbonWorkers}).
 */
@ApplicationScoped
public class MappingEventsConsumer {

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final KarbonWorkQueue work;
    private final KarbonWorkers workers;
    private final Mappings mappings;

    MappingEventsConsumer(EventSerde serde, ProcessedEvents processed, KarbonWorkQueue work, KarbonWorkers workers,
                          Mappings mappings) {
        this.serde = serde;
        this.processed = processed;
        this.work = work;
        this.workers = workers;
        this.mappings = mappings;
    }

    /** A verdict joins its firm's Karbon work queue; the workers apply it, this consumer never waits on Karbon. */
    @Incoming("matches-proposed")
    @Transactional
    public void onMatchProposed(String payload) {
        MatchProposed event = serde.decode(payload, MatchProposed.class);
        if (!processed.firstTime("matches-proposed", event.eventId())) {
            return;
        }
        work.add(event, payload);
        workers.wake();
    }

    /** A client push-service created in XPM from a Karbon Organization becomes a mapping. */
    @Incoming("pushes-completed")
    @Transactional
    public void onContactPushed(String payload) {
        ContactPushed event = serde.decode(payload, ContactPushed.class);
        if (!processed.firstTime("pushes-completed", event.eventId())) {
            return;
        }
        if (event.outcome() != PushOutcome.CREATED || event.xpmRef() == null || event.karbonRef() == null) {
            return;
        }
        if (MappingEntity.ofXpm(event.firmId(), event.xpmRef().id()).isPresent()
                || MappingEntity.ofKarbon(event.firmId(), event.karbonRef().id()).isPresent()) {
            return;
        }
        mappings.createFromPush(event.firmId(), event.syncRunId(), event.xpmRef(), event.karbonRef(),
                event.pushedHash());
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (!processed.firstTime("settings", event.eventId())) {
            return;
        }
        FirmSettingsEntity settings = FirmSettingsEntity.findById(event.firmId());
        if (settings == null) {
            settings = new FirmSettingsEntity();
            settings.firmId = event.firmId();
        } else if (settings.updatedAt != null && settings.updatedAt.isAfter(event.occurredAt())) {
            return;
        }
        settings.scope = event.settings().scope().name();
        settings.newContactType = event.settings().newContactType();
        settings.xpmConnected = event.settings().xpmConnected();
        settings.updatedAt = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        settings.persist();
    }
}
