package io.xpmsync.matching.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Karbon webhook notices received and not yet followed up, one per record: a second notice of a record that is still
 * waiting only moves it due again (the follow-up reads the record as it is then, so it covers both). Claimed with
 * SKIP LOCKED and a lease, so several instances never follow up the same notice at once.
 */
@ApplicationScoped
public class KarbonNotices {

    /** A claimed notice. {@code receivedAt} tells whether another notice arrived for the record meanwhile. */
    public record Notice(String firmId, String karbonKey, String action, Instant receivedAt, int attempts) {
    }

    static final Duration LEASE = Duration.ofMinutes(2);

    private final EntityManager em;

    KarbonNotices(EntityManager em) {
        this.em = em;
    }

    /** Notes a notice (in the caller's transaction); a {@code Deleted} one is not overwritten by a later update. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(String firmId, String karbonKey, String action) {
        Timestamp now = Timestamp.from(Instant.now());
        em.createNativeQuery("INSERT INTO karbon_notice (firm_id, karbon_key, action, received_at, due_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (firm_id, karbon_key) DO UPDATE SET"
                        + " action = CASE WHEN EXCLUDED.action = 'Deleted' OR karbon_notice.action <> 'Deleted'"
                        + " THEN EXCLUDED.action ELSE karbon_notice.action END,"
                        + " received_at = EXCLUDED.received_at, due_at = EXCLUDED.due_at, attempts = 0,"
                        + " last_error = NULL")
                .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, action).setParameter(4, now)
                .executeUpdate();
    }

    /** Records that a signed notice for the firm arrived now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void seen(String firmId) {
        em.createNativeQuery("INSERT INTO karbon_notice_seen (firm_id, last_notice_at) VALUES (?1, ?2)"
                        + " ON CONFLICT (firm_id) DO UPDATE SET last_notice_at = EXCLUDED.last_notice_at")
                .setParameter(1, firmId).setParameter(2, Timestamp.from(Instant.now())).executeUpdate();
    }

    /** When the firm's last signed notice arrived, if one ever did. */
    public java.util.Optional<Instant> lastSeen(String firmId) {
        return em.createNativeQuery("SELECT last_notice_at FROM karbon_notice_seen WHERE firm_id = ?1")
                .setParameter(1, firmId).getResultStream().findFirst().map(KarbonNotices::instant);
    }

    /** Claims up to {@code limit} due notices for {@link #LEASE}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public List<Notice> claim(int limit) {
        List<Object[]> rows = em.createNativeQuery("SELECT firm_id, karbon_key, action, received_at, attempts"
                        + " FROM karbon_notice WHERE due_at <= ?1 ORDER BY due_at LIMIT ?2 FOR UPDATE SKIP LOCKED")
                .setParameter(1, Timestamp.from(Instant.now())).setParameter(2, limit).getResultList();
        Timestamp leased = Timestamp.from(Instant.now().plus(LEASE));
        for (Object[] r : rows) {
            em.createNativeQuery("UPDATE karbon_notice SET due_at = ?3 WHERE firm_id = ?1 AND karbon_key = ?2")
                    .setParameter(1, r[0]).setParameter(2, r[1]).setParameter(3, leased).executeUpdate();
        }
        return rows.stream().map(r -> new Notice((String) r[0], (String) r[1], (String) r[2], instant(r[3]),
                ((Number) r[4]).intValue())).toList();
    }

    /** The notice is followed up: gone, unless another arrived for the record meanwhile (that one stays due). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void done(Notice notice) {
        em.createNativeQuery("DELETE FROM karbon_notice WHERE firm_id = ?1 AND karbon_key = ?2 AND received_at = ?3")
                .setParameter(1, notice.firmId()).setParameter(2, notice.karbonKey())
                .setParameter(3, Timestamp.from(notice.receivedAt())).executeUpdate();
    }

    /** Due again at {@code at}; {@code attempt} counts a failed try (a wait for the allowance is not one). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void later(Notice notice, Instant at, boolean attempt, String error) {
        em.createNativeQuery("UPDATE karbon_notice SET due_at = ?4, attempts = attempts + ?5, last_error = ?6"
                        + " WHERE firm_id = ?1 AND karbon_key = ?2 AND received_at = ?3")
                .setParameter(1, notice.firmId()).setParameter(2, notice.karbonKey())
                .setParameter(3, Timestamp.from(notice.receivedAt())).setParameter(4, Timestamp.from(at))
                .setParameter(5, attempt ? 1 : 0)
                .setParameter(6, error == null || error.length() <= 1000 ? error : error.substring(0, 1000))
                .executeUpdate();
    }

    public long waiting(String firmId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM karbon_notice WHERE firm_id = ?1")
                .setParameter(1, firmId).getSingleResult()).longValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }
}
