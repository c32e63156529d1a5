package io.xpmsync.matching.persistence;

import io.xpmsync.contracts.contact.ContactKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where each firm's initial snapshot of its Karbon records stands ({@code karbon_snapshot}) and which records it has
 * read ({@code karbon_snapshot_read}), kept in the database so that a snapshot broken off resumes at the page it was
 * on, reads no record twice, and shows its progress.
 */
@ApplicationScoped
public class SnapshotProgress {

    /** The list after the Organizations, and the mark of a finished snapshot. */
    public static final String DONE = "DONE";

    /** One snapshot's position: the list and pass being read, the page, and the pass's counts so far. */
    public record Position(UUID snapshotId, Instant startedAt, String kind, int pass, String pageLink, long passListed,
                           long passNew, Long passCount, boolean passCountMoved) {

        public boolean finished() {
            return DONE.equals(kind);
        }
    }

    /** How a firm's snapshot stands, for the status API: records read of each list, and how many Karbon holds. */
    public record Status(String state, Instant startedAt, Instant finishedAt, long organizationsRead,
                         Long organizationsTotal, long peopleRead, Long peopleTotal, String reading, int pass,
                         String warning) {
    }

    private final EntityManager em;

    SnapshotProgress(EntityManager em) {
        this.em = em;
    }

    /** Forgets the firm's snapshot, so that the next bootstrap takes a new one from the start. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void restart(String firmId) {
        em.createNativeQuery("DELETE FROM karbon_snapshot_read WHERE firm_id = ?1").setParameter(1, firmId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM karbon_snapshot WHERE firm_id = ?1").setParameter(1, firmId)
                .executeUpdate();
    }

    /** The firm's snapshot where it stands, or a new one begun now when there is none (or the last one finished). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Position currentOrStart(String firmId) {
        Optional<Position> current = position(firmId);
        if (current.isPresent() && !current.get().finished()) {
            return current.get();
        }
        restart(firmId);
        em.createNativeQuery("INSERT INTO karbon_snapshot (firm_id, snapshot_id, started_at, kind, pass, pass_listed,"
                        + " pass_new, pass_count_moved) VALUES (?1, ?2, ?3, ?4, 1, 0, 0, FALSE)")
                .setParameter(1, firmId).setParameter(2, UUID.randomUUID()).setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, ContactKind.KARBON_ORGANIZATION.name()).executeUpdate();
        return position(firmId).orElseThrow();
    }

    /** The firm's snapshot, locked until the transaction ends; empty when it was restarted or forgotten. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Position> lock(String firmId, UUID snapshotId) {
        return position(firmId, " FOR UPDATE").filter(p -> p.snapshotId().equals(snapshotId));
    }

    /** Of {@code keys}, those the firm's snapshot has read. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> alreadyRead(String firmId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT karbon_key FROM karbon_snapshot_read WHERE firm_id = ?1"
                + " AND karbon_key IN (?2)").setParameter(1, firmId).setParameter(2, List.copyOf(keys))
                .getResultList();
        return new HashSet<>(rows);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void read(String firmId, String karbonKey, ContactKind kind) {
        em.createNativeQuery("INSERT INTO karbon_snapshot_read (firm_id, karbon_key, kind) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT DO NOTHING").setParameter(1, firmId).setParameter(2, karbonKey)
                .setParameter(3, kind.name()).executeUpdate();
    }

    /** Moves the snapshot on to {@code next} (its page link, pass and counts), and notes Karbon's count of the list. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void moveTo(String firmId, Position next, String countedKind, long karbonCount, String warning) {
        String total = ContactKind.KARBON_ORGANIZATION.name().equals(countedKind) ? "organizations_total"
                : "people_total";
        em.createNativeQuery("UPDATE karbon_snapshot SET kind = ?2, pass = ?3, page_link = ?4, pass_listed = ?5,"
                        + " pass_new = ?6, pass_count = ?7, pass_count_moved = ?8, " + total + " = ?9,"
                        + " warning = COALESCE(?10, warning),"
                        + " finished_at = CASE WHEN ?2 = 'DONE' THEN now() END WHERE firm_id = ?1")
                .setParameter(1, firmId).setParameter(2, next.kind()).setParameter(3, next.pass())
                .setParameter(4, next.pageLink()).setParameter(5, next.passListed()).setParameter(6, next.passNew())
                .setParameter(7, next.passCount()).setParameter(8, next.passCountMoved())
                .setParameter(9, karbonCount).setParameter(10, warning).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Status> status(String firmId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.started_at, s.finished_at, s.organizations_total,"
                        + " s.people_total, s.kind, s.pass, s.warning,"
                        + " (SELECT count(*) FROM karbon_snapshot_read r WHERE r.firm_id = s.firm_id AND r.kind = ?2),"
                        + " (SELECT count(*) FROM karbon_snapshot_read r WHERE r.firm_id = s.firm_id AND r.kind = ?3)"
                        + " FROM karbon_snapshot s WHERE s.firm_id = ?1")
                .setParameter(1, firmId).setParameter(2, ContactKind.KARBON_ORGANIZATION.name())
                .setParameter(3, ContactKind.KARBON_PERSON.name()).getResultList();
        return rows.stream().findFirst().map(r -> {
            boolean finished = DONE.equals(r[4]);
            return new Status(finished ? "DONE" : "RUNNING", instant(r[0]), instant(r[1]), number(r[7]),
                    nullableNumber(r[2]), number(r[8]), nullableNumber(r[3]), finished ? null : (String) r[4],
                    ((Number) r[5]).intValue(), (String) r[6]);
        });
    }

    private Optional<Position> position(String firmId) {
        return position(firmId, "");
    }

    private Optional<Position> position(String firmId, String lock) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT snapshot_id, started_at, kind, pass, page_link, pass_listed,"
                        + " pass_new, pass_count, pass_count_moved FROM karbon_snapshot WHERE firm_id = ?1" + lock)
                .setParameter(1, firmId).getResultList();
        return rows.stream().findFirst().map(r -> new Position((UUID) r[0], instant(r[1]), (String) r[2],
                ((Number) r[3]).intValue(), (String) r[4], number(r[5]), number(r[6]), nullableNumber(r[7]),
                (Boolean) r[8]));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static Long nullableNumber(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : value instanceof Timestamp t ? t.toInstant()
                : value instanceof java.time.OffsetDateTime o ? o.toInstant() : null;
    }
}
