package io.xpmsync.connector.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.messaging.Batches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code ContactPushed}: when push-service wrote a Karbon change to an XPM record connector-service has seen,
 * the record's last-seen content hash becomes what XPM now holds ({@code pushedHash}), so the next poll finds nothing
 * new in it and the change does not echo back towards Karbon. Records it has not seen yet are left to the next poll,
 * where mapping-service's own check (write only what differs) ends the echo.
 */
@ApplicationScoped
public class PushEchoes {

    private final Batches batches;
    private final EntityManager em;

    PushEchoes(Batches batches, EntityManager em) {
        this.batches = batches;
        this.em = em;
    }

    /** A poll batch at a time, in one transaction ({@link Batches}). */
    @Incoming("pushes-completed")
    @Blocking
    public void onContactsPushed(ConsumerRecords<String, String> records) {
        batches.consume("pushes-completed", records, ContactPushed.class,
                batch -> batch.forEach(r -> echo(r.event())));
    }

    private void echo(ContactPushed event) {
        boolean wrote = event.outcome() == PushOutcome.CREATED || event.outcome() == PushOutcome.UPDATED;
        if (!wrote || event.xpmRef() == null || event.pushedHash() == null) {
            return;
        }
        em.createNativeQuery("UPDATE xpm_seen SET fingerprint = ?1 || substring(fingerprint from position('|' in"
                        + " fingerprint)), seen_at = now() WHERE firm_id = ?2 AND xpm_id = ?3")
                .setParameter(1, event.pushedHash())
                .setParameter(2, event.firmId())
                .setParameter(3, event.xpmRef().id())
                .executeUpdate();
    }
}
