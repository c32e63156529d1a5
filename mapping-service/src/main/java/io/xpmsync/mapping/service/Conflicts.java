package io.xpmsync.mapping.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.panache.common.Page;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.mapping.karbon.KarbonWriter;
import io.xpmsync.mapping.persistence.FieldConflictEntity;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.PipelineMetrics;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PessimisticLockException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.LockAcquisitionException;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Conflicts: a synced field of a mapped contact changed in XPM and in Karbon to different values before the two met.
 * Found by the three-way merge of either direction (mapping-service's writes to Karbon, push-service's to XPM), then
 * decided by the firm's policy: <em>ask</em> keeps each system's value and lists the conflict for a person (a later
 * change on either side updates it); <em>XPM wins</em>, <em>Karbon wins</em> and <em>the most recent change wins</em>
 * decide at once. Either way the value that lost is kept in the contact's history with both values, when each was
 * seen, and who or which rule decided. Resolving writes the chosen value to whichever side lacks it: to Karbon here,
 * to XPM by push-service ({@code FieldConflict.xpmWrite}); the field's new base makes both sides agree.
 */
@ApplicationScoped
@Startup // its gauges exist from the start
public class Conflicts {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Conflicts.class);

    /** A side of a conflict. */
    public enum Side {
        XPM, KARBON
    }

    /** A conflict as the API and the console show it. */
    public record View(UUID id, UUID mappingId, String contactName, SyncedField field, String fieldLabel,
                       String xpmValue, String karbonValue, String baseValue, Instant xpmChangedAt,
                       Instant karbonChangedAt, Instant openedAt, String status, String resolvedValue,
                       Instant resolvedAt, String decidedBy, String decidedByWords, boolean typeable) {
    }

    /** One page of conflicts. */
    public record PageView(List<View> items, long total, int page, int size) {
    }

    /** What a bulk resolution did with one conflict. */
    public record BulkResult(UUID id, boolean resolved, String message) {
    }

    private final EntityManager em;
    private final Mappings mappings;
    private final ContactHistory history;
    private final Outbox outbox;
    private final KarbonWriter karbon;
    private final PipelineMetrics metrics;

    private final AtomicLong open = new AtomicLong();
    private final AtomicLong oldestOpenSeconds = new AtomicLong();

    Conflicts(EntityManager em, Mappings mappings, ContactHistory history, Outbox outbox, KarbonWriter karbon,
              PipelineMetrics metrics) {
        this.em = em;
        this.mappings = mappings;
        this.history = history;
        this.outbox = outbox;
        this.karbon = karbon;
        this.metrics = metrics;
        Gauge.builder("xpmsync.conflicts.open", open, AtomicLong::get).description("conflicts waiting for a person,"
                + " all firms").register(metrics.registry());
        Gauge.builder("xpmsync.conflicts.oldest.open.seconds", oldestOpenSeconds, AtomicLong::get)
                .description("how long the oldest open conflict has waited").register(metrics.registry());
    }

    /** The open conflicts' count and the oldest one's age, for the gauges (every 30 s). */
    @Scheduled(every = "30s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void measure() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() -"
                + " min(opened_at)), 0) FROM field_conflict WHERE status = 'OPEN'").getSingleResult();
        open.set(((Number) row[0]).longValue());
        oldestOpenSeconds.set(((Number) row[1]).longValue());
    }

    /** The firm's policy (ask until the firm chooses). */
    public static ConflictPolicy policyOf(String firmId) {
        FirmSettingsEntity settings = FirmSettingsEntity.findById(firmId);
        try {
            return settings == null || settings.conflictPolicy == null ? ConflictPolicy.ASK
                    : ConflictPolicy.valueOf(settings.conflictPolicy);
        } catch (IllegalArgumentException e) {
            return ConflictPolicy.ASK;
        }
    }

    /**
     * The side the policy picks; null for ask. The most recent change wins by what each side says about when:
     * Karbon's own modification time ({@code karbonChangedAt}); XPM keeps no time of change, so its change is known
     * only to lie after the two last agreed on the field ({@code agreedAt}) and no later than when xpm-sync first saw it
     * ({@code xpmSeenAt}), and is dated halfway between. A side that says nothing loses to one that does; a tie goes to
     * XPM, the system the help article imports from.
     */
    public static Side winner(ConflictPolicy policy, Instant agreedAt, Instant xpmSeenAt, Instant karbonChangedAt) {
        return switch (policy) {
            case ASK -> null;
            case XPM_WINS -> Side.XPM;
            case KARBON_WINS -> Side.KARBON;
            case MOST_RECENT -> {
                Instant xpm = xpmChangedAt(agreedAt, xpmSeenAt);
                yield karbonChangedAt == null ? Side.XPM : xpm == null ? Side.KARBON
                        : karbonChangedAt.isAfter(xpm) ? Side.KARBON : Side.XPM;
            }
        };
    }

    /** XPM's change dated halfway between the field's last agreement and its first sighting (see {@link #winner}). */
    static Instant xpmChangedAt(Instant agreedAt, Instant xpmSeenAt) {
        if (xpmSeenAt == null || agreedAt == null || !agreedAt.isBefore(xpmSeenAt)) {
            return xpmSeenAt;
        }
        return agreedAt.plus(java.time.Duration.between(agreedAt, xpmSeenAt).dividedBy(2));
    }

    /**
     * A conflict found: opened for a person, or the open one of the field updated with the newest values of both
     * sides (it is not opened twice).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(MappingEntity m, SyncedField field, ContactSnapshot xpm, ContactSnapshot karbonNow,
                     AgreedField base, Instant xpmChangedAt, Instant karbonChangedAt, UUID syncRunId) {
        FieldConflictEntity c = FieldConflictEntity.open(m.id, field.name()).orElse(null);
        boolean fresh = c == null;
        String xpmValue = FieldValues.display(xpm, field);
        String karbonValue = FieldValues.display(karbonNow, field);
        if (!fresh && java.util.Objects.equals(c.xpmValue, xpmValue)
                && java.util.Objects.equals(c.karbonValue, karbonValue)) {
            return; // the same conflict seen again: nothing new
        }
        if (fresh) {
            c = new FieldConflictEntity();
            c.id = UUID.randomUUID();
            c.firmId = m.firmId;
            c.mappingId = m.id;
            c.field = field.name();
            c.status = FieldConflictEntity.OPEN;
            c.openedAt = Instant.now();
            c.baseValue = base == null ? null : base.display();
        } else {
            c.version++;
        }
        fill(c, m, xpm, karbonNow, xpmValue, karbonValue, xpmChangedAt, karbonChangedAt, syncRunId);
        c.persist();
        LOG.infof("firm %s: %s of %s changed in both systems (XPM %s, Karbon %s): %s for a person", m.firmId,
                field.label(), c.contactName, xpmValue, karbonValue, fresh ? "a conflict opened" : "the open conflict updated");
        if (fresh) {
            history.conflictOpened(m, syncRunId, field, xpmValue, karbonValue, xpmChangedAt, karbonChangedAt);
            count("opened", null);
        }
        publish(c, m, null, null);
    }

    /**
     * A conflict the firm's policy decides at once ({@code winner}), in the write that found it: XPM's value is written
     * to Karbon by that write, Karbon's goes to XPM through push-service. {@code karbonAfter}: Karbon's contact after
     * the write. An open conflict of the field is closed by it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decidedByPolicy(MappingEntity m, SyncedField field, ContactSnapshot xpm, ContactSnapshot karbonNow,
                                ContactSnapshot karbonAfter, AgreedField base, Instant xpmChangedAt,
                                Instant karbonChangedAt, ConflictPolicy policy, Side winner, UUID syncRunId) {
        FieldConflictEntity c = FieldConflictEntity.open(m.id, field.name()).orElseGet(() -> {
            FieldConflictEntity made = new FieldConflictEntity();
            made.id = UUID.randomUUID();
            made.firmId = m.firmId;
            made.mappingId = m.id;
            made.field = field.name();
            made.openedAt = Instant.now();
            made.baseValue = base == null ? null : base.display();
            return made;
        });
        fill(c, m, xpm, karbonNow, FieldValues.display(xpm, field), FieldValues.display(karbonNow, field),
                xpmChangedAt, karbonChangedAt, syncRunId);
        ContactSnapshot chosen = winner == Side.XPM ? xpm : karbonNow;
        LOG.infof("firm %s: %s of %s changed in both systems; the rule '%s' keeps %s's value", m.firmId, field.label(),
                c.contactName, policy.words(), winner == Side.XPM ? "XPM" : "Karbon");
        settle(c, m, field, chosen, xpm, winner == Side.XPM ? karbonAfter : karbonNow, null, policy);
    }

    /**
     * A person resolves an open conflict: keeps XPM's value, Karbon's, or a value they typed (a name, an email, a phone
     * number). 404 for another firm's or an unknown conflict, 409 when it was resolved or is being resolved, or its
     * contacts are no longer matched; 400 for a value that cannot be typed or is empty.
     */
    @Transactional
    public View resolve(String firmId, UUID id, String choice, String value, String by) {
        FieldConflictEntity c = lock(firmId, id);
        MappingEntity m = MappingEntity.findById(c.mappingId);
        if (m == null || !MappingState.ACTIVE.name().equals(m.state)) {
            throw new ApiProblem(409, c.contactName + " is no longer matched between XPM and Karbon, so this"
                    + " conflict cannot be resolved here; it was closed");
        }
        SyncedField field = SyncedField.valueOf(c.field);
        ContactSnapshot xpm = mappings.read(c.xpmRecord, ContactSnapshot.class);
        ContactSnapshot karbonNow = mappings.read(c.karbonRecord, ContactSnapshot.class);
        String pick = choice == null ? "" : choice.strip().toUpperCase(Locale.ROOT);
        ContactSnapshot chosen = switch (pick) {
            case "XPM" -> xpm;
            case "KARBON" -> karbonNow;
            case "VALUE" -> typed(field, xpm, value);
            default -> throw new ApiProblem(400, "choice must be XPM (keep XPM's value), KARBON (keep Karbon's"
                    + " value) or VALUE (with the value to use)");
        };
        ContactSnapshot karbonAfter = karbonNow;
        if (!FieldValues.same(chosen, karbonNow, field)) {
            KarbonWriter.Written written = karbon.update(m.firmId, m.karbonRef(), FieldValues.with(xpm, field, chosen),
                    mappings.lastXpm(m), mappings.karbonOrganizationsOf(m.firmId, xpm),
                    (karbonHeld, modifiedAt) -> Set.of(field));
            karbonAfter = written.karbonAfter() == null ? karbonNow : written.karbonAfter();
            if (written.changed()) {
                history.writtenToKarbon(m, null, written.changes());
            }
        }
        settle(c, m, field, chosen, xpm, karbonAfter, by, null);
        return view(c);
    }

    /** Open conflicts of the firm ({@code status} OPEN) or resolved ones (newest first). */
    @Transactional
    public PageView list(String firmId, String status, int page, int size) {
        boolean open = status == null || status.isBlank() || FieldConflictEntity.OPEN.equalsIgnoreCase(status);
        if (!open && !FieldConflictEntity.RESOLVED.equalsIgnoreCase(status)) {
            throw new ApiProblem(400, "status must be OPEN or RESOLVED");
        }
        var query = open
                ? FieldConflictEntity.<FieldConflictEntity>find("firmId = ?1 and status = ?2 order by openedAt, id",
                firmId, FieldConflictEntity.OPEN)
                : FieldConflictEntity.<FieldConflictEntity>find("firmId = ?1 and status = ?2"
                + " order by resolvedAt desc, id", firmId, FieldConflictEntity.RESOLVED);
        return new PageView(query.page(Page.of(page, size)).list().stream().map(Conflicts::view).toList(),
                query.count(), page, size);
    }

    private void settle(FieldConflictEntity c, MappingEntity m, SyncedField field, ContactSnapshot chosen,
                        ContactSnapshot xpm, ContactSnapshot karbonAfter, String by, ConflictPolicy policy) {
        String resolved = FieldValues.display(chosen, field);
        c.status = FieldConflictEntity.RESOLVED;
        c.resolvedAt = Instant.now();
        c.resolvedValue = resolved;
        c.decidedBy = by;
        c.policy = policy == null ? null : policy.name();
        c.updatedAt = c.resolvedAt;
        c.version++;
        c.persist();
        boolean xpmNeedsIt = !FieldValues.same(chosen, xpm, field);
        // both sides agree now on the chosen value; while XPM still holds its own, its side of the base is that value,
        // so XPM looks unchanged until push-service writes the choice (and makes the base anew)
        mappings.agreed(m, List.of(new AgreedField(field, FieldValues.comparable(xpm, field),
                FieldValues.comparable(karbonAfter, field), resolved, c.resolvedAt)), null);
        history.conflictResolved(m, c.syncRunId, field, c.xpmValue, c.karbonValue, c.xpmChangedAt,
                c.karbonChangedAt, resolved, by,
                policy == null ? null : policy.words());
        count("resolved", policy == null ? "person" : "policy");
        publish(c, m, xpmNeedsIt ? FieldValues.with(xpm, field, chosen) : null, karbonAfter);
    }

    private void fill(FieldConflictEntity c, MappingEntity m, ContactSnapshot xpm, ContactSnapshot karbonNow,
                      String xpmValue, String karbonValue, Instant xpmChangedAt, Instant karbonChangedAt,
                      UUID syncRunId) {
        c.contactName = m.karbonName == null || m.karbonName.isBlank() ? xpm.name() : m.karbonName;
        c.xpmValue = xpmValue;
        c.karbonValue = karbonValue;
        c.xpmChangedAt = xpmChangedAt;
        c.karbonChangedAt = karbonChangedAt;
        c.xpmRecord = mappings.write(xpm);
        c.karbonRecord = mappings.write(karbonNow);
        c.syncRunId = syncRunId;
        c.updatedAt = Instant.now();
    }

    private static ContactSnapshot typed(SyncedField field, ContactSnapshot xpm, String value) {
        if (!typeable(field)) {
            throw new ApiProblem(400, field.label() + " cannot be typed: keep XPM's value or Karbon's");
        }
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() && field == SyncedField.NAME) {
            throw new ApiProblem(400, "A name cannot be empty");
        }
        if (text.length() > 200) {
            throw new ApiProblem(400, field.label() + " is at most 200 characters long");
        }
        if (field == SyncedField.EMAIL && !text.isEmpty() && !text.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ApiProblem(400, "'" + Problems.echo(text) + "' is not an email address");
        }
        return FieldValues.withTyped(xpm, field, text);
    }

    private static boolean typeable(SyncedField field) {
        return field == SyncedField.NAME || field == SyncedField.EMAIL || field == SyncedField.PHONE;
    }

    private FieldConflictEntity lock(String firmId, UUID id) {
        FieldConflictEntity c = FieldConflictEntity.findById(id);
        if (c == null || !c.firmId.equals(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " has no conflict " + id);
        }
        try {
            em.lock(c, LockModeType.PESSIMISTIC_WRITE, Map.of("jakarta.persistence.lock.timeout", 0));
            em.refresh(c);
        } catch (PessimisticLockException | LockAcquisitionException | jakarta.persistence.LockTimeoutException e) {
            throw new ApiProblem(409, "This conflict is being resolved by someone else");
        }
        if (!FieldConflictEntity.OPEN.equals(c.status)) {
            throw new ApiProblem(409, "This conflict was already resolved" + (c.resolvedValue == null ? ""
                    : " (now \u201c" + c.resolvedValue + "\u201d in both systems)"));
        }
        return c;
    }

    private void publish(FieldConflictEntity c, MappingEntity m, ContactSnapshot xpmWrite, ContactSnapshot karbonRecord) {
        boolean resolved = FieldConflictEntity.RESOLVED.equals(c.status);
        outbox.append(new FieldConflict(UUID.randomUUID(), m.firmId, Instant.now(), EventType.SCHEMA_VERSION,
                c.syncRunId, c.id, m.id, m.xpmRef(), m.karbonRef(), c.contactName, SyncedField.valueOf(c.field),
                resolved ? FieldConflict.Status.RESOLVED : FieldConflict.Status.OPEN, c.xpmValue, c.karbonValue,
                c.baseValue, c.xpmChangedAt, c.karbonChangedAt, resolved ? c.resolvedValue : null,
                resolved ? c.decidedBy : null, resolved && c.policy != null ? ConflictPolicy.valueOf(c.policy) : null,
                xpmWrite, resolved ? karbonRecord : null));
    }

    private void count(String event, String decidedBy) {
        Counter.builder("xpmsync.conflicts").description("conflicts (a field changed on both sides) opened and"
                        + " resolved").tag("event", event).tag("decided_by", decidedBy == null ? "" : decidedBy)
                .register(metrics.registry()).increment();
    }

    static View view(FieldConflictEntity c) {
        SyncedField field = SyncedField.valueOf(c.field);
        String words = !FieldConflictEntity.RESOLVED.equals(c.status) ? null
                : c.policy != null ? "Decided by the rule: " + ConflictPolicy.valueOf(c.policy).words()
                : c.decidedBy == null ? "Closed when the match was removed" : "Resolved by " + c.decidedBy;
        return new View(c.id, c.mappingId, c.contactName, field, field.label(), c.xpmValue, c.karbonValue,
                c.baseValue, c.xpmChangedAt, c.karbonChangedAt, c.openedAt, c.status, c.resolvedValue, c.resolvedAt,
                c.policy == null ? c.decidedBy : null, words, typeable(field));
    }

    /** The values of a conflict as a history entry shows them. */
    static List<FieldChange> values(SyncedField field, String xpmValue, String karbonValue) {
        return List.of(new FieldChange(field.label(), xpmValue, karbonValue));
    }
}
