package io.xpmsync.mapping.service;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SyncedFields;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.contracts.merge.FieldMerge;
import io.xpmsync.contracts.merge.FieldMerge.Verdict;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.mapping.karbon.KarbonWriter;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.persistence.PartialMatchEntity;
import io.xpmsync.mapping.preview.SyncPreviews;
import io.xpmsync.mapping.service.RunOutcomes.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.UUID;

/**
 * Acts on matching-service's verdicts. mapping-service owns the mappings, so it first looks up its own mapping of the
 * XPM record: a mapped record is treated as LINKED whatever the verdict says (mappings and XPM changes travel on
 * different topics, so a verdict may predate a mapping), and so is a client converted from a mapped prospect, whose
 * mapping it takes over ({@code convertedFrom}). Then:
 * <ul>
 *   <li>archived or deleted in XPM: nothing is created in Karbon; a mapping is marked and the Karbon contact left;</li>
 *   <li>LINKED, EXACT: only the synced fields that differ are written to Karbon; EXACT records the mapping;</li>
 *   <li>NEW: the Karbon contact is created (Person or Organization, the settings' Contact Type, a business card; an
 *       XPM contact's card links it to its client's Organization), then mapped;</li>
 *   <li>PARTIAL: the record waits for a person with its ranked candidates and evidence.</li>
 * </ul>
 */
@ApplicationScoped
public class MatchHandler {

    private static final Logger LOG = Logger.getLogger(MatchHandler.class);

    private final KarbonWriter karbon;
    private final Mappings mappings;
    private final Creations creations;
    private final RunOutcomes outcomes;
    private final ContactHistory history;
    private final SyncPreviews previews;
    private final Conflicts conflicts;

    MatchHandler(KarbonWriter karbon, Mappings mappings, Creations creations, RunOutcomes outcomes,
                 ContactHistory history, SyncPreviews previews, Conflicts conflicts) {
        this.conflicts = conflicts;
        this.previews = previews;
        this.history = history;
        this.karbon = karbon;
        this.mappings = mappings;
        this.creations = creations;
        this.outcomes = outcomes;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome handle(MatchProposed m) {
        ContactSnapshot xpm = m.xpmRecord();
        Optional<MappingEntity> mapped = MappingEntity.ofXpm(m.firmId(), xpm.ref().id());
        if (mapped.isEmpty() && m.convertedFrom() != null && !xpm.deleted() && !xpm.archived()) {
            // a prospect converted to a client (a new UUID in XPM) is the same contact: its mapping goes on with it
            mapped = mappings.convertedFromProspect(m.firmId(), m.syncRunId(), m.convertedFrom(), xpm.ref());
        }
        Outcome outcome;
        if (xpm.deleted() || xpm.archived()) {
            mapped.ifPresent(mapping -> mappings.changeState(mapping, m.syncRunId(),
                    xpm.deleted() ? MappingState.XPM_DELETED : MappingState.XPM_ARCHIVED));
            outcome = Outcome.SKIPPED;
        } else if (mapped.isPresent()) {
            outcome = linked(m, mapped.get());
        } else {
            outcome = switch (m.outcome()) {
                case EXACT -> exact(m);
                case NEW -> created(m.firmId(), m.syncRunId(), xpm, MatchMethod.CREATED_IN_KARBON) == null
                        ? Outcome.SKIPPED : Outcome.CREATED;
                case PARTIAL -> partial(m, m.candidates(), m.partialReason());
                case LINKED -> {
                    // matching-service still thinks it mapped; the mapping was removed meanwhile. The next sync
                    // classifies the record afresh.
                    LOG.debugf("firm %s: LINKED verdict for unmapped %s skipped", m.firmId(), xpm.ref());
                    yield Outcome.SKIPPED;
                }
            };
        }
        outcomes.count(m.firmId(), m.syncRunId(), outcome);
        previews.applied(m, outcome);
        return outcome;
    }

    /**
     * A mapped record's change is merged into its Karbon contact field by field against the mapping's base
     * ({@link FieldMerge}): fields only XPM changed are written; fields Karbon changed stay as Karbon holds them (they
     * flow to XPM by the push); a value read before the two last agreed on the field never wins; a field both changed
     * to different values is a conflict, decided by the firm's policy (ask: each keeps its own, listed for a person).
     */
    private Outcome linked(MatchProposed m, MappingEntity mapping) {
        ContactSnapshot xpm = m.xpmRecord();
        Map<SyncedField, AgreedField> base = mappings.base(mapping);
        Map<SyncedField, String> xpmValues = FieldValues.of(xpm);
        ConflictPolicy policy = Conflicts.policyOf(m.firmId());
        Instant xpmSeenAt = m.xpmReadAt() != null ? m.xpmReadAt() : m.occurredAt();
        AtomicReference<Map<SyncedField, Verdict>> merged = new AtomicReference<>();
        AtomicReference<Map<SyncedField, Conflicts.Side>> decided = new AtomicReference<>();
        AtomicReference<Instant> karbonChangedAt = new AtomicReference<>();
        KarbonWriter.Written written = karbon.update(m.firmId(), mapping.karbonRef(), xpm, mappings.lastXpm(mapping),
                mappings.karbonOrganizationsOf(m.firmId(), xpm), (karbonNow, modifiedAt) -> {
                    Map<SyncedField, Verdict> verdicts = new EnumMap<>(FieldMerge.merge(xpmValues, m.xpmReadAt(),
                            true, FieldValues.of(karbonNow), base));
                    // XPM's other numbers join the card beside the ones people added in Karbon (KarbonCards.merge
                    // replaces only numbers that came from XPM): both sides' changes fit together, no conflict
                    verdicts.computeIfPresent(SyncedField.OTHER_PHONES, (f, v) -> v == Verdict.CONFLICT
                            ? Verdict.FLOWS : v);
                    Map<SyncedField, Conflicts.Side> sides = new EnumMap<>(SyncedField.class);
                    Set<SyncedField> write = EnumSet.noneOf(SyncedField.class);
                    verdicts.forEach((field, verdict) -> {
                        if (verdict.writes()) {
                            write.add(field);
                        } else if (verdict == Verdict.CONFLICT) {
                            AgreedField agreed = base.get(field);
                            Conflicts.Side side = Conflicts.winner(policy, agreed == null ? null : agreed.agreedAt(),
                                    xpmSeenAt, modifiedAt);
                            if (side != null) {
                                sides.put(field, side);
                            }
                            if (side == Conflicts.Side.XPM) {
                                write.add(field);
                            }
                        }
                    });
                    merged.set(verdicts);
                    decided.set(sides);
                    karbonChangedAt.set(modifiedAt);
                    return write;
                });
        ContactSnapshot karbonBefore = written.karbonBefore();
        ContactSnapshot karbonAfter = written.karbonAfter() == null ? karbonBefore : written.karbonAfter();
        mappings.synced(mapping, m.syncRunId(), xpm, written.name(), false);
        if (written.changed()) {
            history.writtenToKarbon(mapping, m.syncRunId(), written.changes(), KarbonLengths.shortened(xpm,
                    Mappings.wrote(written.changes(), "Physical address"),
                    Mappings.wrote(written.changes(), "Postal address")));
        }
        Map<SyncedField, Verdict> verdicts = merged.get();
        if (verdicts != null && karbonAfter != null) {
            Instant now = Instant.now();
            List<AgreedField> agreed = new ArrayList<>();
            Map<SyncedField, String> after = FieldValues.of(karbonAfter);
            verdicts.forEach((field, verdict) -> {
                Conflicts.Side side = decided.get().get(field);
                if (verdict == Verdict.SAME || verdict.writes() || side == Conflicts.Side.XPM) {
                    agreed.add(new AgreedField(field, xpmValues.get(field), after.getOrDefault(field, ""),
                            FieldValues.display(karbonAfter, field), now));
                }
                if (verdict == Verdict.CONFLICT && side == null) {
                    conflicts.open(mapping, field, xpm, karbonBefore, base.get(field), xpmSeenAt,
                            karbonChangedAt.get(), m.syncRunId());
                } else if (verdict == Verdict.CONFLICT) {
                    conflicts.decidedByPolicy(mapping, field, xpm, karbonBefore, karbonAfter, base.get(field),
                            xpmSeenAt, karbonChangedAt.get(), policy, side, m.syncRunId());
                }
            });
            mappings.agreed(mapping, agreed, m.syncRunId());
        }
        return written.changed() ? Outcome.LINKED_UPDATED : Outcome.UNCHANGED;
    }

    private Outcome exact(MatchProposed m) {
        ContactRef target = m.karbonRef();
        Optional<MappingEntity> taken = MappingEntity.ofKarbon(m.firmId(), target.id());
        if (taken.isPresent()) {
            MatchCandidate only = new MatchCandidate(target, null, List.of(), 1, true, true, true, 1.0,
                    PartialReason.CANDIDATE_ALREADY_MAPPED, taken.get().xpmRef());
            return partial(m, List.of(only), PartialReason.CANDIDATE_ALREADY_MAPPED);
        }
        KarbonWriter.Written written = karbon.update(m.firmId(), target, m.xpmRecord(), null,
                mappings.karbonOrganizationsOf(m.firmId(), m.xpmRecord()));
        mappings.create(m.firmId(), m.syncRunId(), m.xpmRecord(), target, written.name(), MatchMethod.EXACT, null,
                written.changes(), written.karbonAfter());
        return Outcome.EXACT;
    }

    /**
     * Creates the Karbon contact for an XPM record and maps it; null when the record may not be created (an XPM
     * contact whose clients are not in Karbon as organizations yet is created unlinked).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public MappingEntity created(String firmId, UUID syncRunId, ContactSnapshot xpm, MatchMethod method) {
        return created(firmId, syncRunId, xpm, method, null);
    }

    /** As {@link #created(String, UUID, ContactSnapshot, MatchMethod)}, by a person ({@code by}) on a partial match. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MappingEntity created(String firmId, UUID syncRunId, ContactSnapshot xpm, MatchMethod method, String by) {
        FirmSettingsEntity settings = FirmSettingsEntity.findById(firmId);
        String contactType = settings == null ? "Client" : settings.newContactType;
        String identifier = Creations.identifier(xpm.ref().id());
        boolean retry = creations.begin(firmId, xpm.ref().id(), identifier);
        KarbonWriter.Written written = karbon.create(firmId, xpm, contactType,
                mappings.karbonOrganizationsOf(firmId, xpm), identifier, retry);
        creations.done(firmId, xpm.ref().id());
        return mappings.create(firmId, syncRunId, xpm, written.ref(), written.name(), method, by,
                SyncedFields.changes(null, xpm), written.karbonAfter());
    }

    private Outcome partial(MatchProposed m, List<MatchCandidate> candidates, PartialReason reason) {
        ContactSnapshot xpm = m.xpmRecord();
        PartialMatchEntity open = PartialMatchEntity.find("firmId = ?1 and xpmId = ?2 and status = ?3", m.firmId(),
                xpm.ref().id(), PartialMatchEntity.OPEN).firstResult();
        if (open == null) {
            open = new PartialMatchEntity();
            open.id = UUID.randomUUID();
            open.firmId = m.firmId();
            open.xpmId = xpm.ref().id();
            open.status = PartialMatchEntity.OPEN;
            open.createdAt = Instant.now();
        } else {
            open.version++;
        }
        open.xpmName = xpm.name();
        open.xpmRecord = mappings.write(xpm);
        open.candidates = mappings.write(candidates);
        open.reason = reason == null ? null : reason.name();
        open.syncRunId = m.syncRunId();
        open.persist();
        return Outcome.PARTIAL;
    }
}
