package io.xpmsync.karbonsandbox.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.karbonsandbox.persistence.OutboxEventEntity;
import io.xpmsync.messaging.EventSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;
import java.util.List;

/**
 * Publishes the outbox to {@code karbon.contacts.changed.v1} in commit order, marking a row published only after
 * Kafka acknowledged it. Rows are locked with SKIP LOCKED, so two sandbox instances never send the same row at once;
 * after a crash between the send and the mark, the row is sent again with the same event id (consumers are
 * idempotent). What was committed while Kafka or the relay was down goes out when they are back.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String SOURCE = "/xpm-sync/karbon-sandbox";
    private static final int BATCH = 200;

    private final EventSerde serde;
    private final MutinyEmitter<String> karbonContacts;

    OutboxRelay(EventSerde serde, @Channel("karbon-contacts-out") MutinyEmitter<String> karbonContacts) {
        this.serde = serde;
        this.karbonContacts = karbonContacts;
    }

    @Scheduled(every = "${karbon-sandbox.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        while (relayBatch() == BATCH) {
            // a full batch: more may be waiting
        }
    }

    /** Sends up to one batch; returns how many rows it published. */
    @Transactional
    public int relayBatch() {
        List<OutboxEventEntity> rows = OutboxEventEntity.<OutboxEventEntity>find(
                        "publishedAt is null order by seq")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, BATCH)
                .list();
        for (OutboxEventEntity row : rows) {
            ContactChanged event = serde.decode(row.payload, ContactChanged.class);
            karbonContacts.sendMessageAndAwait(serde.message(event, SOURCE));
            row.publishedAt = Instant.now();
        }
        return rows.size();
    }
}
