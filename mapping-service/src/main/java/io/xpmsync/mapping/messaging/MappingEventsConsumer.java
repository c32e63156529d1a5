package io.xpmsync.mapping.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.InvalidEventException;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.KarbonSeen;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.service.Mappings;
import io.xpmsync.mapping.work.KarbonWorkQueue;
import io.xpmsync.mapping.work.KarbonWorkers;
import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.mapping.preview.SyncPreviews;
import io.xpmsync.messaging.Batches;
import io.xpmsync.messaging.ForgottenFirms;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import java.time.Instant;

/**
 * The Kafka entry points of mapping-service. The verdict and push channels take a poll batch at a time
 * ({@link Batches}: one transaction per batch, invalid records to the channel's dead-letter topic, a failing batch
 * retried and then split); settings one record at a time. Each records its events in the processed-event log in the
 * transaction of their effect, so a redelivered event changes nothing. None calls Karbon: verdicts are queued for
 * the Karbon workers ({@link KarbonWorkers}).
 */
@ApplicationScoped
public class MappingEventsConsumer {

    private final KarbonSeen karbonSeen;

    private static final Logger LOG = Logger.getLogger(MappingEventsConsumer.class);

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final KarbonWorkQueue work;
    private final KarbonWorkers workers;
    private final Mappings mappings;
    private final Batches batches;
    private final ForgottenFirms forgotten;
    private final ContactHistory history;
    private final SyncPreviews previews;

    MappingEventsConsumer(EventSerde serde, ProcessedEvents processed, KarbonWorkQueue work, KarbonWorkers workers,
                          Mappings mappings, Batches batches, ForgottenFirms forgotten, ContactHistory history,
                          SyncPreviews previews, KarbonSeen karbonSeen) {
        this.karbonSeen = karbonSeen;
        this.previews = previews;
        this.history = history;
        this.forgotten = forgotten;
        this.serde = serde;
        this.processed = processed;
        this.work = work;
        this.workers = workers;
        this.mappings = mappings;
        this.batches = batches;
    }

    /**
     * Verdicts join their firms' Karbon work queues; the workers apply them, this consumer never waits on Karbon. A
     * Preview Sync's verdict is only recorded as what Sync Now would do ({@link SyncPreviews}).
     */
    @Incoming("matches-proposed")
    @Blocking
    public void onMatchesProposed(ConsumerRecords<String, String> records) {
        batches.consume("matches-proposed", records, MatchProposed.class,
                batch -> batch.forEach(r -> {
                    if (r.event().inPreview()) {
                        previews.record(r.event());
                    } else {
                        work.add(r.event(), r.payload());
                    }
                }),
                (r, reason) -> {
                    if (r.event().inPreview()) {
                        previews.failed(r.event().firmId(), r.event().syncRunId(), r.event().xpmRecord(),
                                "mapping-service could not take it in: " + reason);
                    } else {
                        work.failed(r.event().firmId(), r.event().syncRunId(), r.event().eventId(),
                                r.event().xpmRecord(), "mapping-service could not take it in: " + reason, r.payload());
                    }
                });
        workers.wake();
    }

    /**
     * Clients push-service created in XPM from Karbon Organizations become mappings; what push-service wrote to XPM
     * for a mapped contact (or XPM refused) goes on the contact's timeline.
     */
    /** Karbon's change feed: the latest state of mapped Karbon contacts, for a Preview Sync's conflicts. */
    @Incoming("karbon-contacts")
    @Blocking
    public void onKarbonContactsChanged(ConsumerRecords<String, String> records) {
        batches.consume("karbon-contacts", records, ContactChanged.class, batch -> batch.stream()
                .filter(r -> r.event().origin() == io.xpmsync.contracts.contact.SourceSystem.KARBON)
                .forEach(r -> karbonSeen.changed(r.event())));
    }

    @Incoming("pushes-completed")
    @Blocking
    public void onContactsPushed(ConsumerRecords<String, String> records) {
        boolean[] queued = {false};
        batches.consume("pushes-completed", records, ContactPushed.class, batch -> batch.forEach(r -> {
            ContactPushed event = r.event();
            if (event.karbonRef() == null) {
                return;
            }
            if (event.outcome() == PushOutcome.UPDATED || event.outcome() == PushOutcome.FAILED
                    || event.outcome() == PushOutcome.UNCHANGED) {
                MappingEntity.ofKarbon(event.firmId(), event.karbonRef().id())
                        .filter(m -> event.xpmRef() == null || m.xpmId.equals(event.xpmRef().id()))
                        .ifPresent(m -> {
                            history.pushed(m, event.sourceEventId(), event.changes(),
                                    event.outcome() == PushOutcome.FAILED ? event.reason() : null);
                            if (event.agreed() != null) {
                                mappings.agreed(m, event.agreed(), null);
                            }
                            if (event.xpmRecord() != null) {
                                // XPM kept changes of its own (or conflicting ones): its record as the push read it
                                // is merged into Karbon at once, as a sync's would be, and the policy decides
                                MatchProposed verdict = xpmKept(event, m);
                                work.add(verdict, serde.encode(verdict));
                                queued[0] = true;
                            }
                        });
                return;
            }
            if (event.outcome() != PushOutcome.CREATED || event.xpmRef() == null) {
                return;
            }
            if (MappingEntity.ofXpm(event.firmId(), event.xpmRef().id()).isPresent()
                    || MappingEntity.ofKarbon(event.firmId(), event.karbonRef().id()).isPresent()) {
                return;
            }
            mappings.createFromPush(event.firmId(), event.syncRunId(), event.xpmRef(), event.karbonRef(),
                    event.pushedHash(), event.changes(), event.agreed());
        }));
        if (queued[0]) {
            workers.wake();
        }
    }

    /**
     * What a push found XPM holding that Karbon does not (fields XPM changed, or changed on both sides): XPM's record
     * as the push read it, as a verdict on the mapped record
     * (LINKED, read when the push read it), for the Karbon work queue: its merge finds the conflicts and the firm's
     * policy decides them, exactly as for a change read by a sync. Derived from the push's event, so a redelivery
     * queues nothing twice.
     */
    private MatchProposed xpmKept(ContactPushed event, MappingEntity m) {
        return new MatchProposed(UUID.nameUUIDFromBytes(("conflicts:" + event.eventId())
                .getBytes(StandardCharsets.UTF_8)), event.firmId(), event.occurredAt(), EventType.SCHEMA_VERSION,
                null, event.eventId(), MatchOutcome.LINKED, event.xpmRecord(), m.karbonRef(), List.of(), null, null,
                event.xpmChangedAt());
    }

    /**
     * An XPM change of a run that matching-service could not classify (its dead letter) counts as failed for the run,
     * with matching-service's reason, so the run's progress still ends. A record that is not a valid event was never
     * part of a run: it stays in the dead-letter topic for an operator.
     */
    @Incoming("classification-failures")
    @Blocking
    @Transactional
    public void onClassificationFailed(ConsumerRecord<String, String> record) {
        ContactChanged event;
        try {
            event = serde.decode(record.value(), ContactChanged.class);
        } catch (InvalidEventException e) {
            LOG.debugf("a dead letter of matching-service that is not an event: %s", e.getMessage());
            return;
        }
        if (event.syncRunId() == null || !forgotten.among(List.of(event.firmId())).isEmpty()) {
            return;
        }
        Header reason = record.headers().lastHeader("dead-letter-reason");
        String why = "matching-service could not classify it: " + (reason == null ? "no reason given"
                : new String(reason.value(), StandardCharsets.UTF_8));
        if (event.inPreview()) {
            previews.failed(event.firmId(), event.syncRunId(), event.contact(), why);
        } else {
            work.failed(event.firmId(), event.syncRunId(), event.eventId(), event.contact(), why, record.value());
        }
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (!processed.firstTime("settings", event.eventId())) {
            return;
        }
        if (forgotten.forgetIfAsked(event)) {
            return; // mappings, partial matches, run outcomes, Karbon work and failed records of the firm are gone
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
        settings.personStructures(event.settings().personStructures());
        settings.region = event.settings().region();
        settings.conflictPolicy = event.settings().policy().name();
        settings.updatedAt = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        settings.persist();
    }
}
