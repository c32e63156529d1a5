package io.xpmsync.matching.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.matching.domain.MatchDecision;
import io.xpmsync.matching.domain.Matcher;
import io.xpmsync.matching.persistence.FirmPersonStructures;
import io.xpmsync.matching.persistence.KarbonContactRepository;
import io.xpmsync.matching.persistence.MappingRepository;
import io.xpmsync.matching.persistence.StoredKarbonIndex;
import io.xpmsync.messaging.EventSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Classifies XPM records against their firm's Karbon contacts and publishes the verdicts. The verdict is derived
 * from committed state and its event id from the XPM event's, so a redelivery after a crash re-sends the same
 * {@code eventId} and mapping-service's idempotent consumer ignores it. A Preview Sync's change is classified by the
 * same code and its verdict marked as a preview's (classifying changes nothing here).
 */
@ApplicationScoped
public class MatchHandler {

    static final String SOURCE = "/xpm-sync/matching-service";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Matcher matcher = new Matcher();
    private final KarbonContactRepository contacts;
    private final MappingRepository mappings;
    private final EventSerde serde;
    private final MutinyEmitter<String> matchesProposed;
    private final FirmPersonStructures structures;

    private final MeterRegistry metrics;

    MatchHandler(KarbonContactRepository contacts, MappingRepository mappings, EventSerde serde,
                 @Channel("matches-proposed") MutinyEmitter<String> matchesProposed, FirmPersonStructures structures,
                 MeterRegistry metrics) {
        this.metrics = metrics;
        this.structures = structures;
        this.contacts = contacts;
        this.mappings = mappings;
        this.serde = serde;
        this.matchesProposed = matchesProposed;
    }

    /**
     * Classifies a batch of XPM changes in order and publishes their verdicts, awaiting Kafka's acknowledgement of all
     * of them once: the XPM events are marked processed (the caller's transaction) only once their verdicts are out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MatchProposed> handleAll(List<ContactChanged> changes) {
        Map<String, List<String>> personStructures = new HashMap<>();
        List<MatchProposed> verdicts = changes.stream().map(c -> classify(c, personStructures.computeIfAbsent(
                c.firmId(), structures::of))).toList();
        Uni.join().all(verdicts.stream().map(v -> matchesProposed.sendMessage(serde.message(v, SOURCE))).toList())
                .andFailFast().await().atMost(SEND_TIMEOUT);
        verdicts.forEach(v -> Counter.builder("xpmsync.match.verdicts").description("verdicts on XPM records")
                .tag("outcome", v.outcome().name()).register(metrics).increment());
        return verdicts;
    }

    private MatchProposed classify(ContactChanged change, List<String> personStructures) {
        if (change.origin() != SourceSystem.XPM) {
            throw new IllegalArgumentException("not an XPM change: " + change.eventId());
        }
        MatchDecision decision = matcher.classify(change.contact(), change.convertedFrom(),
                new StoredKarbonIndex(change.firmId(), contacts, mappings), personStructures);
        return new MatchProposed(derivedId(change.eventId()), change.firmId(), Instant.now(),
                EventType.SCHEMA_VERSION, change.syncRunId(), change.eventId(), decision.outcome(), change.contact(),
                decision.karbonRef(), decision.candidates(), decision.reason(), change.preview(), change.occurredAt(),
                change.convertedFrom());
    }

    static UUID derivedId(UUID sourceEventId) {
        return UUID.nameUUIDFromBytes(("match-proposed:" + sourceEventId).getBytes(StandardCharsets.UTF_8));
    }
}
