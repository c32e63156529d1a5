package io.xpmsync.karbonsandbox.service;

import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.karbonsandbox.persistence.OutboxEventEntity;
import io.xpmsync.messaging.EventSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Writes an event in the caller's transaction, so it is committed exactly when the change it announces is. */
@ApplicationScoped
public class Outbox {

    private final EventSerde serde;

    Outbox(EventSerde serde) {
        this.serde = serde;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(SyncEvent event) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.eventId = event.eventId();
        row.aggregateType = "firm";
        row.aggregateId = event.firmId();
        row.type = EventType.of(event).cloudEventType();
        row.payload = serde.encode(event);
        row.createdAt = Instant.now();
        row.persist();
    }
}
