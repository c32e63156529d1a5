package io.xpmsync.push.persistence;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.merge.SyncedField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The queue of Karbon changes waiting to be pushed ({@code pending_push}, one row per contact, filled by
 * {@link PushViews#karbonChanged}), the creates under way ({@code push_intent}) and the permanent failures
 * ({@code push_failure}). Claims use {@code FOR UPDATE SKIP LOCKED} with a lease, so every replica takes different
 * changes and a crashed one's changes come back when the lease ends.
 */
@ApplicationScoped
public class PushQueue {

    /**
     * A Karbon change due to be pushed; {@code changedAt} is when it was made in Karbon (null: not known);
     * {@code forced}: fields a resolved conflict writes to XPM whatever the base says (empty for a plain change).
     */
    public record Queued(String firmId, String karbonKey, ContactSnapshot snapshot, UUID sourceEventId, String payload,
                         int attempts, Instant changedAt, String traceparent, Set<SyncedField> forced) {

        public Queued {
            forced = forced == null || forced.isEmpty() ? Set.of() : Set.copyOf(forced);
        }
    }

    /** A change still waiting, with its last transient error. */
    public record Waiting(String karbonKey, UUID sourceEventId, Instant dueAt, int attempts, String lastError) {
    }

    /** A push that failed for good, with its reason. */
    public record Failure(String karbonKey, UUID sourceEventId, String reason, Instant failedAt) {
    }

    private final EntityManager em;
    private final PushViews views;

    PushQueue(EntityManager em, PushViews views) {
        this.em = em;
        this.views = views;
    }

    /**
     * Takes up to {@code limit} due changes, leasing them for a minute ({@code claimed_until}) so no other worker or
     * instance takes them too: a newer change of the same contact arriving meanwhile makes the row due again, but not
     * claimable until this claim ends ({@link #finish}, {@link #retryLater}, {@link #waitUntil}) or its lease runs out.
     */
    @Transactional
    public List<Queued> claim(int limit) {
        @SuppressWarnings("unchecked")
        // The rows are picked once (a materialized CTE): a SKIP LOCKED subquery inside IN may be run again for each
        // row and pick others each time, claiming more than the limit.
        List<Object[]> rows = em.createNativeQuery("WITH picked AS MATERIALIZED (SELECT firm_id, karbon_key FROM"
                        + " pending_push WHERE due_at <= ?2 AND (claimed_until IS NULL OR claimed_until <= ?2)"
                        + " ORDER BY due_at LIMIT ?3 FOR UPDATE SKIP LOCKED)"
                        + " UPDATE pending_push p SET claimed_until = ?1 FROM picked WHERE p.firm_id = picked.firm_id"
                        + " AND p.karbon_key = picked.karbon_key RETURNING p.firm_id, p.karbon_key, p.snapshot,"
                        + " p.source_event_id, p.source_payload, p.attempts, p.changed_at, p.traceparent,"
                        + " p.forced_fields")
                .setParameter(1, Instant.now().plusSeconds(60)).setParameter(2, Instant.now())
                .setParameter(3, limit).getResultList();
        return rows.stream().map(r -> new Queued((String) r[0], (String) r[1], views.read((String) r[2]), (UUID) r[3],
                (String) r[4], ((Number) r[5]).intValue(), PushViews.instant(r[6]), (String) r[7],
                fields((String) r[8]))).toList();
    }

    /** Fields as {@code pending_push.forced_fields} keeps them: names separated by commas (null: none). */
    static Set<SyncedField> fields(String text) {
        Set<SyncedField> fields = EnumSet.noneOf(SyncedField.class);
        if (text != null) {
            Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(s -> fields.add(SyncedField.valueOf(s)));
        }
        return fields;
    }

    /**
     * Notes a create before the call, in its own transaction; answers when an earlier attempt began one, if it did
     * (this attempt may follow a crash after XPM made the record).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Instant> beginCreate(Queued q) {
        @SuppressWarnings("unchecked")
        List<Object> earlier = em.createNativeQuery("SELECT started_at FROM push_intent WHERE firm_id = ?1"
                + " AND karbon_key = ?2").setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).getResultList();
        if (!earlier.isEmpty()) {
            return Optional.of(PushViews.instant(earlier.get(0)));
        }
        em.createNativeQuery("INSERT INTO push_intent (firm_id, karbon_key, started_at) VALUES (?1, ?2, now())")
                .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
        return Optional.empty();
    }

    /**
     * Puts the change back until {@code due} without counting an attempt (it waited for the practice's allowance);
     * {@code forgetIntent}: the create this attempt noted was never sent.
     */
    @Transactional
    public void waitUntil(Queued q, Instant due, String why, boolean forgetIntent) {
        if (forgetIntent) {
            forgetIntent(q);
        }
        em.createNativeQuery("UPDATE pending_push SET last_error = ?1, due_at = ?2"
                        + " WHERE firm_id = ?3 AND karbon_key = ?4 AND source_event_id = ?5")
                .setParameter(1, why).setParameter(2, due).setParameter(3, q.firmId())
                .setParameter(4, q.karbonKey()).setParameter(5, q.sourceEventId()).executeUpdate();
        release(q);
    }

    /** Puts the change back with exponential backoff (0.5 s doubling, at most a minute), counting the attempt. */
    @Transactional
    public void retryLater(Queued q, String error) {
        long backoff = Math.min(60_000, 500L << Math.min(q.attempts(), 7));
        em.createNativeQuery("UPDATE pending_push SET attempts = attempts + 1, last_error = ?1, due_at = ?2"
                        + " WHERE firm_id = ?3 AND karbon_key = ?4 AND source_event_id = ?5")
                .setParameter(1, error).setParameter(2, Instant.now().plusMillis(backoff)).setParameter(3, q.firmId())
                .setParameter(4, q.karbonKey()).setParameter(5, q.sourceEventId()).executeUpdate();
        release(q);
    }

    /** Keeps a permanent failure for the push-status API, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(Queued q, String reason) {
        em.createNativeQuery("INSERT INTO push_failure (id, firm_id, karbon_key, source_event_id, reason, failed_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, now())").setParameter(1, UUID.randomUUID())
                .setParameter(2, q.firmId()).setParameter(3, q.karbonKey()).setParameter(4, q.sourceEventId())
                .setParameter(5, reason).executeUpdate();
    }

    /**
     * The change is done, in the caller's transaction: its row goes, unless a newer change of the contact arrived
     * meanwhile (that one is due now).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(Queued q) {
        forgetIntent(q);
        int deleted = em.createNativeQuery("DELETE FROM pending_push WHERE firm_id = ?1 AND karbon_key = ?2"
                        + " AND source_event_id = ?3").setParameter(1, q.firmId()).setParameter(2, q.karbonKey())
                .setParameter(3, q.sourceEventId()).executeUpdate();
        if (deleted == 0) {
            em.createNativeQuery("UPDATE pending_push SET due_at = ?1, claimed_until = NULL WHERE firm_id = ?2"
                            + " AND karbon_key = ?3")
                    .setParameter(1, Instant.now()).setParameter(2, q.firmId()).setParameter(3, q.karbonKey())
                    .executeUpdate();
        }
    }

    /**
     * Ends this worker's claim on the contact, whichever change its row holds now (a newer one that arrived during the
     * attempt is due as it was queued).
     */
    private void release(Queued q) {
        em.createNativeQuery("UPDATE pending_push SET claimed_until = NULL WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
    }

    private void forgetIntent(Queued q) {
        em.createNativeQuery("DELETE FROM push_intent WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
    }

    /** The firm's changes still waiting, soonest due first. */
    @Transactional
    public List<Waiting> waiting(String firmId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT karbon_key, source_event_id, due_at, attempts, last_error"
                        + " FROM pending_push WHERE firm_id = ?1 ORDER BY due_at LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Waiting((String) r[0], (UUID) r[1], PushViews.instant(r[2]),
                ((Number) r[3]).intValue(), (String) r[4])).toList();
    }

    /** The firm's permanent failures, latest first. */
    @Transactional
    public List<Failure> failures(String firmId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT karbon_key, source_event_id, reason, failed_at"
                        + " FROM push_failure WHERE firm_id = ?1 ORDER BY failed_at DESC LIMIT ?2")
                .setParameter(1, firmId).setParameter(2, limit).getResultList();
        return rows.stream().map(r -> new Failure((String) r[0], (UUID) r[1], (String) r[2],
                PushViews.instant(r[3]))).toList();
    }
}
