package io.xpmsync.mapping.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Per sync run, what mapping-service did with each verdict: the counts behind the run's outcome. */
@ApplicationScoped
public class RunOutcomes {

    /** What happened to one XPM record. */
    public enum Outcome {
        LINKED_UPDATED, UNCHANGED, EXACT, CREATED, PARTIAL, SKIPPED, FAILED
    }

    private final EntityManager em;

    RunOutcomes(EntityManager em) {
        this.em = em;
    }

    /** Counts one outcome in the caller's transaction; a verdict outside any run is not counted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void count(String firmId, UUID syncRunId, Outcome outcome) {
        add(firmId, syncRunId, outcome);
    }

    /** Counts a failure in a transaction of its own: the verdict's own transaction is rolled back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void countFailure(String firmId, UUID syncRunId) {
        add(firmId, syncRunId, Outcome.FAILED);
    }

    /** The counts of a run: linkedUpdated, unchanged, exact, created, partial, skipped, failed; null if none. */
    @Transactional
    public int[] counts(String firmId, UUID syncRunId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT linked_updated, unchanged, exact, created, partial, skipped,"
                        + " failed FROM run_outcome WHERE sync_run_id = ?1 AND firm_id = ?2")
                .setParameter(1, syncRunId).setParameter(2, firmId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        int[] counts = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            counts[i] = ((Number) row[i]).intValue();
        }
        return counts;
    }

    private void add(String firmId, UUID syncRunId, Outcome outcome) {
        if (syncRunId == null) {
            return;
        }
        String column = outcome.name().toLowerCase(Locale.ROOT);
        em.createNativeQuery("INSERT INTO run_outcome (sync_run_id, firm_id, " + column + ", updated_at)"
                        + " VALUES (?1, ?2, 1, now()) ON CONFLICT (sync_run_id) DO UPDATE SET " + column + " = run_outcome."
                        + column + " + 1, updated_at = now()")
                .setParameter(1, syncRunId).setParameter(2, firmId).executeUpdate();
    }
}
