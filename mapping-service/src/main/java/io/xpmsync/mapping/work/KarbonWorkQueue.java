package io.xpmsync.mapping.work;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.service.RunOutcomes;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The verdicts waiting for their Karbon writes, per firm, in PostgreSQL: shared by every replica, kept across crashes.
 * A worker claims a firm with a lease ({@code FOR UPDATE SKIP LOCKED}, the firm served longest ago first), applies its
 * verdicts (each record's in the order they arrived), and releases it; a firm that waits (for its allowance, a 429, a retry) is not
 * claimed until then, so it never holds up another firm.
 */
@ApplicationScoped
public class KarbonWorkQueue {

    /** One verdict waiting; {@code contact}: its XPM record is a contact of a client (it links to the client's). */
    public record Item(long id, String firmId, UUID eventId, UUID syncRunId, String xpmId, String xpmName,
                       String payload, int attempts, boolean contact, String traceparent) {
    }

    /** A firm's queue as a person reads it: how many verdicts wait, and until when and why the firm waits. */
    public record Status(long pending, Instant waitsUntil, String waitReason) {
    }

    /** An XPM record of a run that could not be applied to Karbon. */
    public record Failure(String xpmId, String xpmName, String reason, Instant failedAt) {
    }

    private final EntityManager em;
    private final RunOutcomes outcomes;
    private final ContactHistory history;

    KarbonWorkQueue(EntityManager em, RunOutcomes outcomes, ContactHistory history) {
        this.history = history;
        this.em = em;
        this.outcomes = outcomes;
    }

    /** Records a verdict in the caller's transaction (the consumer's, with its processed-event row). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(MatchProposed verdict, String payload) {
        em.createNativeQuery("INSERT INTO karbon_work (firm_id, event_id, sync_run_id, xpm_id, xpm_name, payload,"
                        + " traceparent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, verdict.firmId()).setParameter(2, verdict.eventId())
                .setParameter(3, verdict.syncRunId()).setParameter(4, verdict.xpmRecord().ref().id())
                .setParameter(5, verdict.xpmRecord().name()).setParameter(6, payload)
                .setParameter(7, Traces.consumed(verdict.eventId())).executeUpdate();
        em.createNativeQuery("INSERT INTO karbon_work_firm (firm_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, verdict.firmId()).executeUpdate();
    }

    /** Claims the firm with work that was served longest ago and is not waiting, for {@code lease}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> claimFirm(String worker, Duration lease) {
        @SuppressWarnings("unchecked")
        List<String> firms = em.createNativeQuery("UPDATE karbon_work_firm f SET leased_by = ?1,"
                        + " lease_until = now() + make_interval(secs => ?2), last_served_at = now()"
                        + " WHERE f.firm_id = (SELECT q.firm_id FROM karbon_work_firm q"
                        + "   WHERE q.lease_until < now() AND q.waits_until <= now()"
                        + "   AND EXISTS (SELECT 1 FROM karbon_work w WHERE w.firm_id = q.firm_id)"
                        + "   ORDER BY q.last_served_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING f.firm_id")
                .setParameter(1, worker).setParameter(2, (double) lease.toMillis() / 1000).getResultList();
        return firms.stream().findFirst();
    }

    /** How long until a waiting firm with work may be claimed again, if one waits (a worker sleeps no longer). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Duration> nextDue() {
        Object seconds = em.createNativeQuery("SELECT EXTRACT(EPOCH FROM min(q.waits_until) - now()) FROM"
                + " karbon_work_firm q WHERE q.waits_until > now() AND q.lease_until < now()"
                + " AND EXISTS (SELECT 1 FROM karbon_work w WHERE w.firm_id = q.firm_id)").getSingleResult();
        return seconds == null ? Optional.empty()
                : Optional.of(Duration.ofMillis(Math.max(1, (long) (((Number) seconds).doubleValue() * 1000))));
    }

    /** Extends the worker's lease on the firm; false when it no longer holds it (it ran out and was taken over). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean renew(String firmId, String worker, Duration lease) {
        return em.createNativeQuery("UPDATE karbon_work_firm SET lease_until = now() + make_interval(secs => ?3)"
                        + " WHERE firm_id = ?1 AND leased_by = ?2 AND lease_until > now()")
                .setParameter(1, firmId).setParameter(2, worker).setParameter(3, (double) lease.toMillis() / 1000)
                .executeUpdate() == 1;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String firmId, String worker) {
        em.createNativeQuery("UPDATE karbon_work_firm SET leased_by = NULL, lease_until = 'epoch'"
                + " WHERE firm_id = ?1 AND leased_by = ?2").setParameter(1, firmId).setParameter(2, worker)
                .executeUpdate();
    }

    /** The firm's oldest verdicts, at most {@code limit}, oldest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Item> next(String firmId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, firm_id, event_id, sync_run_id, xpm_id, xpm_name,"
                        + " payload, attempts, (CAST(payload AS jsonb) #>> '{xpmRecord,ref,kind}') = 'XPM_CONTACT',"
                        + " traceparent FROM karbon_work WHERE firm_id = ?1 ORDER BY id LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Item(((Number) r[0]).longValue(), (String) r[1], (UUID) r[2],
                (UUID) r[3], (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).intValue(),
                Boolean.TRUE.equals(r[8]), (String) r[9])).toList();
    }

    /** The verdict is applied: in the transaction of its effect. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void done(long itemId) {
        em.createNativeQuery("DELETE FROM karbon_work WHERE id = ?1").setParameter(1, itemId).executeUpdate();
    }

    /** The firm's work waits {@code duration} (a longer wait already set stays), for {@code reason}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void postpone(String firmId, Duration duration, String reason) {
        em.createNativeQuery("UPDATE karbon_work_firm SET wait_reason = CASE WHEN now() + make_interval(secs => ?2)"
                        + " >= waits_until THEN ?3 ELSE wait_reason END,"
                        + " waits_until = GREATEST(waits_until, now() + make_interval(secs => ?2)) WHERE firm_id = ?1")
                .setParameter(1, firmId).setParameter(2, (double) duration.toMillis() / 1000)
                .setParameter(3, reason).executeUpdate();
    }

    /** An attempt failed in a way worth trying again: counted, with its reason. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void attemptFailed(Item item, String error) {
        em.createNativeQuery("UPDATE karbon_work SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1")
                .setParameter(1, item.id()).setParameter(2, error).executeUpdate();
    }

    /**
     * The verdict cannot be applied: it leaves the queue, is counted as failed for its run and listed with the
     * reason, and is kept for a replay.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(Item item, String reason) {
        failed(item.firmId(), item.syncRunId(), item.eventId(), item.xpmId(), item.xpmName(), reason, item.payload());
        done(item.id());
    }

    /**
     * A record of a run that failed before it reached the queue (dead-lettered by this service's consumer or by
     * matching-service's): counted as failed for its run and listed with the reason, once however often it is told.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(String firmId, UUID syncRunId, UUID eventId, ContactSnapshot xpmRecord, String reason,
                       String payload) {
        failed(firmId, syncRunId, eventId, xpmRecord.ref().id(), xpmRecord.name(), reason, payload);
    }

    private void failed(String firmId, UUID syncRunId, UUID eventId, String xpmId, String xpmName, String reason,
                        String payload) {
        int recorded = em.createNativeQuery("INSERT INTO failed_record (firm_id, sync_run_id, event_id, xpm_id,"
                        + " xpm_name, reason, payload, failed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, now())"
                        + " ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, firmId).setParameter(2, syncRunId).setParameter(3, eventId)
                .setParameter(4, xpmId).setParameter(5, xpmName).setParameter(6, reason)
                .setParameter(7, payload).executeUpdate();
        if (recorded == 1) {
            outcomes.count(firmId, syncRunId, RunOutcomes.Outcome.FAILED);
            // a mapped contact's timeline says so too
            MappingEntity.ofXpm(firmId, xpmId).ifPresent(m -> history.failed(m, syncRunId, reason));
        }
    }

    @Transactional
    public Status status(String firmId) {
        long pending = ((Number) em.createNativeQuery("SELECT count(*) FROM karbon_work WHERE firm_id = ?1")
                .setParameter(1, firmId).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT waits_until, wait_reason FROM karbon_work_firm"
                + " WHERE firm_id = ?1 AND waits_until > now()").setParameter(1, firmId).getResultList();
        return rows.stream().findFirst().map(r -> new Status(pending, instant(r[0]), (String) r[1]))
                .orElse(new Status(pending, null, null));
    }

    @Transactional
    public List<Failure> failures(String firmId, UUID syncRunId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT xpm_id, xpm_name, reason, failed_at FROM failed_record"
                        + " WHERE firm_id = ?1 AND sync_run_id = ?2 ORDER BY id")
                .setParameter(1, firmId).setParameter(2, syncRunId).getResultList();
        return rows.stream().map(r -> new Failure((String) r[0], (String) r[1], (String) r[2], instant(r[3])))
                .toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof Instant i ? i : null;
    }
}
