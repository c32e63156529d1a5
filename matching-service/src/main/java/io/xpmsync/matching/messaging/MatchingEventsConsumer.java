package io.xpmsync.matching.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.matching.service.FreshIndexGate;
import io.xpmsync.matching.service.KarbonConnections;
import io.xpmsync.matching.service.KarbonIndexBootstrap;
import io.xpmsync.matching.service.KarbonIndexHandler;
import io.xpmsync.matching.service.MappingHandler;
import io.xpmsync.matching.service.MatchHandler;
import io.xpmsync.messaging.Batches;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Kafka entry points of matching-service. The contact and mapping channels take a poll batch at a time
 * ({@link Batches}: one transaction per batch, invalid records to the channel's dead-letter topic, a failing batch
 * retried and then split); settings one record at a time. Each records its events in the processed-event log in the
 * transaction of their effect, so a redelivered event changes nothing. Records of one firm arrive in order (the key
 * is the firm id).
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
    private final Batches batches;
    private final FreshIndexGate freshIndex;
    private final KarbonIndexBootstrap bootstrap;

    MatchingEventsConsumer(EventSerde serde, ProcessedEvents processed, MatchHandler matches,
                           KarbonIndexHandler karbonIndex, MappingHandler mappings, KarbonConnections connections,
                           Batches batches, FreshIndexGate freshIndex, KarbonIndexBootstrap bootstrap) {
        this.serde = serde;
        this.processed = processed;
        this.matches = matches;
        this.karbonIndex = karbonIndex;
        this.mappings = mappings;
        this.connections = connections;
        this.batches = batches;
        this.freshIndex = freshIndex;
        this.bootstrap = bootstrap;
    }

    @Incoming("xpm-contacts")
    @Blocking
    public void onXpmContactsChanged(ConsumerRecords<String, String> records) {
        AtomicBoolean held = new AtomicBoolean();
        batches.consume("xpm-contacts", records, ContactChanged.class, batch -> {
            FreshIndexGate.Admitted admitted = freshIndex.admit(batch.stream().map(Batches.Received::event).toList());
            List<MatchProposed> verdicts = matches.handleAll(admitted.now());
            LOG.debugf("%d XPM records classified, %d held for a fresh index", verdicts.size(), admitted.held());
            if (admitted.held() > 0) {
                held.set(true);
            }
        });
        if (held.get()) {
            bootstrap.runPending(); // committed: bring the index up to date now rather than at the next look
        }
    }

    @Incoming("karbon-contacts")
    @Blocking
    public void onKarbonContactsChanged(ConsumerRecords<String, String> records) {
        // Applied in key order (a stable sort keeps each record's changes in order), as the bootstrap locks its rows,
        // so the two never deadlock.
        batches.consume("karbon-contacts", records, ContactChanged.class, batch -> batch.stream()
                .sorted(Comparator.comparing((Batches.Received<ContactChanged> r) -> r.event().firmId())
                        .thenComparing(r -> r.event().contact().ref().id()))
                .forEach(r -> karbonIndex.apply(r.event().firmId(), r.event().contact(), r.event().occurredAt())));
    }

    @Incoming("mappings-confirmed")
    @Blocking
    public void onMappingsConfirmed(ConsumerRecords<String, String> records) {
        batches.consume("mappings-confirmed", records, MappingConfirmed.class, batch -> batch.forEach(r ->
                mappings.apply(r.event())));
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
