package io.xpmsync.push.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.messaging.Batches;
import io.xpmsync.messaging.ForgottenFirms;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import io.xpmsync.push.persistence.PushViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka entry points of push-service: Karbon changes join the push queue (the latest state per contact), and
 * settings, mappings, open partial matches and XPM's change feed keep the local views the rules read. The contact,
 * mapping and verdict channels take a poll batch at a time ({@link Batches}: one transaction per batch, invalid
 * records to the channel's dead-letter topic, a failing batch retried and then split); settings one record at a time.
 * Each records its events in the processed-event log in the transaction of their effect. A Preview Sync's XPM
 * changes and verdicts are passed over: a preview changes nothing, here neither.
 */
@ApplicationScoped
public class PushEventsConsumer {

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final PushViews views;
    private final Batches batches;
    private final FeedPositions feed;
    private final ForgottenFirms forgotten;

    PushEventsConsumer(EventSerde serde, ProcessedEvents processed, PushViews views, Batches batches,
                       FeedPositions feed, ForgottenFirms forgotten) {
        this.forgotten = forgotten;
        this.serde = serde;
        this.processed = processed;
        this.views = views;
        this.batches = batches;
        this.feed = feed;
    }

    @Incoming("karbon-contacts")
    @Blocking
    public void onKarbonContactsChanged(ConsumerRecords<String, String> records) {
        batches.consume("karbon-contacts", records, ContactChanged.class, batch -> batch.stream()
                .filter(r -> r.event().origin() == SourceSystem.KARBON)
                .forEach(r -> views.karbonChanged(r.event(), r.payload())));
    }

    @Incoming("xpm-contacts")
    @Blocking
    public void onXpmContactsChanged(ConsumerRecords<String, String> records) {
        batches.consume("xpm-contacts", records, ContactChanged.class, batch -> batch.stream()
                .filter(r -> r.event().origin() == SourceSystem.XPM && !r.event().inPreview())
                .forEach(r -> views.xpmHolds(r.event().firmId(), r.event().contact().ref().id(),
                        r.event().contact())));
        feed.processed(records);
    }

    @Incoming("mappings-confirmed")
    @Blocking
    public void onMappingsConfirmed(ConsumerRecords<String, String> records) {
        batches.consume("mappings-confirmed", records, MappingConfirmed.class,
                batch -> batch.forEach(r -> views.mapping(r.event())));
    }

    /** A conflict resolved for a value XPM does not hold yet is written to XPM at once (the field forced). */
    @Incoming("conflicts")
    @Blocking
    public void onConflicts(ConsumerRecords<String, String> records) {
        batches.consume("conflicts", records, FieldConflict.class, batch -> batch.stream()
                .filter(r -> r.event().status() == FieldConflict.Status.RESOLVED)
                .forEach(r -> views.conflictResolved(r.event(), r.payload())));
    }

    @Incoming("matches-proposed")
    @Blocking
    public void onMatchesProposed(ConsumerRecords<String, String> records) {
        batches.consume("matches-proposed", records, MatchProposed.class,
                batch -> batch.stream().filter(r -> !r.event().inPreview()).forEach(r -> views.matchProposed(r.event())));
        feed.processed(records);
    }

    @Incoming("settings")
    @Transactional
    public void onSettingsChanged(String payload) {
        SyncSettingsChanged event = serde.decode(payload, SyncSettingsChanged.class);
        if (!processed.firstTime("settings", event.eventId())) {
            return;
        }
        // a forgotten firm's views, pending pushes, failures and intents go; its events still in flight are dropped
        if (!forgotten.forgetIfAsked(event)) {
            views.settings(event);
        }
    }
}
