package io.xpmsync.matching.persistence;

import io.xpmsync.contracts.contact.ContactSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The state last published on {@code karbon.contacts.changed.v1} for each Karbon record after a webhook notice
 * ({@code karbon_published}), so that a notice of a record Karbon holds as last published publishes nothing.
 */
@ApplicationScoped
public class KarbonPublished {

    private final EntityManager em;

    KarbonPublished(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String firmId, ContactSnapshot state) {
        em.createNativeQuery("INSERT INTO karbon_published (firm_id, karbon_key, kind, content_hash, deleted,"
                        + " published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (firm_id, karbon_key) DO UPDATE"
                        + " SET kind = EXCLUDED.kind, content_hash = EXCLUDED.content_hash,"
                        + " deleted = EXCLUDED.deleted, published_at = EXCLUDED.published_at")
                .setParameter(1, firmId).setParameter(2, state.ref().id())
                .setParameter(3, state.ref().kind().name()).setParameter(4, state.contentHash())
                .setParameter(5, state.deleted()).setParameter(6, Timestamp.from(Instant.now())).executeUpdate();
    }
}
