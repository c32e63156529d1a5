package io.xpmsync.mapping.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Karbon contacts being created for XPM records. The intent is committed before the Karbon call, so if the service
 * dies after Karbon created the contact but before the mapping was committed, the retry finds that contact (by the
 * UserDefinedIdentifier it was tagged with) instead of creating a second one.
 */
@ApplicationScoped
public class Creations {

    private final EntityManager em;

    Creations(EntityManager em) {
        this.em = em;
    }

    /** Records the intent in its own transaction; answers whether one was already there (this is a retry). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean begin(String firmId, String xpmId, String identifier) {
        return em.createNativeQuery("INSERT INTO karbon_creation (firm_id, xpm_id, identifier, started_at)"
                        + " VALUES (?1, ?2, ?3, now()) ON CONFLICT DO NOTHING")
                .setParameter(1, firmId).setParameter(2, xpmId).setParameter(3, identifier).executeUpdate() == 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void done(String firmId, String xpmId) {
        em.createNativeQuery("DELETE FROM karbon_creation WHERE firm_id = ?1 AND xpm_id = ?2")
                .setParameter(1, firmId).setParameter(2, xpmId).executeUpdate();
    }

    /** Karbon's UserDefinedIdentifier for the contact created from an XPM record. */
    public static String identifier(String xpmId) {
        return "XPM-" + xpmId;
    }
}
