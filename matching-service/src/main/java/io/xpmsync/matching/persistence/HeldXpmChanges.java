package io.xpmsync.matching.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * XPM changes waiting for their firm's Karbon index to be filled or brought up to date, in the order they arrived.
 * Callers hold the firm's {@code karbon_connection} row lock, so the changes of one firm are never taken twice.
 */
@ApplicationScoped
public class HeldXpmChanges {

    /** One held change: its place in the queue, the event as received and the trace it belongs to (or null). */
    public record Held(long seq, String payload, String traceparent) {
    }

    private final EntityManager em;

    HeldXpmChanges(EntityManager em) {
        this.em = em;
    }

    public void hold(String firmId, String payload, String traceparent) {
        em.createNativeQuery("INSERT INTO held_xpm_change (firm_id, payload, held_at, traceparent)"
                        + " VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, firmId).setParameter(2, payload).setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, traceparent).executeUpdate();
    }

    /** The firm's oldest held changes, at most {@code limit}. */
    @SuppressWarnings("unchecked")
    public List<Held> oldest(String firmId, int limit) {
        List<Object[]> rows = em.createNativeQuery("SELECT seq, payload, traceparent FROM held_xpm_change"
                        + " WHERE firm_id = ?1 ORDER BY seq LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Held(((Number) r[0]).longValue(), (String) r[1], (String) r[2])).toList();
    }

    /** Removes the firm's held changes up to and including {@code lastSeq} (the end of what {@link #oldest} gave). */
    public void removeUpTo(String firmId, long lastSeq) {
        em.createNativeQuery("DELETE FROM held_xpm_change WHERE firm_id = ?1 AND seq <= ?2")
                .setParameter(1, firmId).setParameter(2, lastSeq).executeUpdate();
    }

    public long count(String firmId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM held_xpm_change WHERE firm_id = ?1")
                .setParameter(1, firmId).getSingleResult()).longValue();
    }
}
