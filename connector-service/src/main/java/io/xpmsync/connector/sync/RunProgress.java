package io.xpmsync.connector.sync;

import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.SyncRunEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * A run's counts, written as detection goes (in each batch's transaction), so {@code GET} on the run shows progress;
 * each write also renews this instance's claim on the firm, so a long run is not taken over.
 */
@ApplicationScoped
public class RunProgress {

    private final EntityManager em;
    private final ConnectorConfig config;

    RunProgress(EntityManager em, ConnectorConfig config) {
        this.em = em;
        this.config = config;
    }

    /** {@code clients} more clients of XPM's answer read and handled (in the caller's transaction). */
    @Transactional
    public void fetched(UUID runId, int clients) {
        SyncRunEntity.update("clientsFetched = clientsFetched + ?1 where id = ?2", clients, runId);
    }

    /** The whole answer read: its contacts (each once, however many clients it belongs to) are known. */
    @Transactional
    public void contactsFetched(UUID runId, int contacts) {
        SyncRunEntity.update("contactsFetched = ?1, phase = ?2, fetchedAt = ?3 where id = ?4", contacts,
                SyncRunEntity.DETECTING, Instant.now(), runId);
    }

    @Transactional
    public void add(UUID runId, ChangeDetector.Counts counts) {
        SyncRunEntity.update("changesPublished = changesPublished + ?1, unchanged = unchanged + ?2,"
                        + " skippedByScope = skippedByScope + ?3 where id = ?4", counts.published(), counts.unchanged(),
                counts.skippedByScope(), runId);
        em.createNativeQuery("UPDATE xpm_connection SET claimed_until = ?1 WHERE firm_id = (SELECT firm_id FROM sync_run"
                        + " WHERE id = ?2) AND claimed_until IS NOT NULL")
                .setParameter(1, Instant.now().plus(config.poll().claimTtl()))
                .setParameter(2, runId)
                .executeUpdate();
    }
}
