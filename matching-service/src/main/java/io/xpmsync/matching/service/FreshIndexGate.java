package io.xpmsync.matching.service;

import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.matching.persistence.HeldXpmChanges;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lets an XPM change be classified only against an index that already holds every Karbon change made before
 * connector-service read the record from XPM (the change's {@code occurredAt}). Otherwise a Karbon contact created
 * a moment before Sync Now, whose event has not arrived yet (or never will: a missed webhook), would not be found,
 * and the XPM record would be classified NEW and created in Karbon a second time.
 *
 * <p>A change that arrives before its firm's index is fresh enough is held ({@link HeldXpmChanges}) and the firm's
 * index is brought up to date from the Karbon API ({@link KarbonIndexBootstrap}: a full bootstrap, or a catch-up of
 * what Karbon changed since the index was last fresh, two calls in the usual case); the held changes are then
 * classified in the order they arrived. Once one change of a firm is held, the firm's later changes are held behind
 * it. A firm with no Karbon connection, or whose last bootstrap failed for good (shown in its connection status), is
 * classified against the index as it stands.
 */
@ApplicationScoped
public class FreshIndexGate {

    /** The changes to classify now, in their order, and how many were held. */
    public record Admitted(List<ContactChanged> now, int held) {
    }

    private final HeldXpmChanges heldChanges;
    private final EventSerde serde;

    FreshIndexGate(HeldXpmChanges heldChanges, EventSerde serde) {
        this.heldChanges = heldChanges;
        this.serde = serde;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Admitted admit(List<ContactChanged> changes) {
        // Each firm's connection row is locked (in firm order) until the transaction ends, so a bootstrap cannot
        // finish and release the held changes between this check and the hold.
        Map<String, KarbonConnectionEntity> connections = new HashMap<>();
        for (String firmId : new TreeSet<>(changes.stream().map(ContactChanged::firmId).toList())) {
            connections.put(firmId, KarbonConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE));
        }
        List<ContactChanged> now = new ArrayList<>();
        Set<String> holding = new HashSet<>();
        int held = 0;
        for (ContactChanged change : changes) {
            KarbonConnectionEntity connection = connections.get(change.firmId());
            if (!holding.contains(change.firmId()) && freshFor(connection, change)) {
                now.add(change);
                continue;
            }
            if (KarbonConnectionEntity.DONE.equals(connection.bootstrapState)) {
                // fresh once, but older than this change: catch up with what Karbon changed since
                connection.bootstrapState = KarbonConnectionEntity.PENDING;
                connection.updatedAt = Instant.now();
            }
            heldChanges.hold(change.firmId(), serde.encode(change), Traces.consumed(change.eventId()));
            holding.add(change.firmId());
            held++;
        }
        return new Admitted(now, held);
    }

    private static boolean freshFor(KarbonConnectionEntity connection, ContactChanged change) {
        if (connection == null || KarbonConnectionEntity.FAILED.equals(connection.bootstrapState)) {
            return true;
        }
        return KarbonConnectionEntity.DONE.equals(connection.bootstrapState) && connection.freshAsOf != null
                && !connection.freshAsOf.isBefore(change.occurredAt());
    }
}
