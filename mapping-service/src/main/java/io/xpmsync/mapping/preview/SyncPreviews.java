package io.xpmsync.mapping.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.contact.SyncedFields;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.PartialReason;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.contracts.merge.FieldMerge;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.mapping.persistence.FieldConflictEntity;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.mapping.persistence.KarbonSeen;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.service.Conflicts;
import io.xpmsync.mapping.service.Mappings;
import io.xpmsync.mapping.service.RunOutcomes.Outcome;
import io.xpmsync.mapping.service.RunOutcomes;
import io.xpmsync.security.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Preview Sync: what a Sync Now would do with each XPM record, decided from matching-service's verdicts (marked as a
 * preview's) by the rules {@link io.xpmsync.mapping.service.MatchHandler} applies, without calling Karbon or changing a
 * mapping or a partial match. Each prediction is kept with what it would write until the firm's next preview and
 * counted in the preview run's outcome like a real run's, so its progress reads the same. The first real run after a
 * preview is compared with it record by record ({@link #applied}), and every difference explained.
 *
 * <p>Over 400 lines because the recorder, the predictions and the comparison still share one class; the predictions
 * are to become the one decision the real run executes too (mapping's verdict rules in {@code domain}).
 */
@ApplicationScoped
public class SyncPreviews {

    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
    };

    /** One record of a preview as the API serves it; {@code karbonKind} and {@code contactType} for a create. */
    public record Record(String xpmId, String xpmName, String xpmKind, Outcome outcome, String karbonKind,
                         String contactType, String detail, List<FieldChange> changes) {
    }

    /** A page of one group of a preview. */
    public record RecordPage(List<Record> items, long total, int page, int size) {
    }

    /** A preview's counts, by what a Sync Now would do; {@code createdPeople}/{@code createdOrganizations} split creates. */
    public record Summary(UUID runId, Instant startedAt, Map<Outcome, Long> counts, long createdPeople,
                          long createdOrganizations, UUID comparedRunId) {
    }

    /** One record where the real run did something else than the preview said, and why. */
    public record Difference(String xpmId, String xpmName, Outcome predicted, Outcome actual, String explanation) {
    }

    /** A real run compared with the preview before it. */
    public record Comparison(UUID runId, UUID previewRunId, long predicted, long asPredicted,
                             List<Difference> differences) {
    }

    private final EntityManager em;
    private final Mappings mappings;
    private final RunOutcomes outcomes;
    private final ObjectMapper json = new ObjectMapper();

    private final KarbonSeen karbonSeen;

    SyncPreviews(EntityManager em, Mappings mappings, RunOutcomes outcomes, KarbonSeen karbonSeen) {
        this.karbonSeen = karbonSeen;
        this.em = em;
        this.mappings = mappings;
        this.outcomes = outcomes;
    }

    /** A preview's verdict: what Sync Now would do with the record, kept and counted; nothing else changes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(MatchProposed m) {
        if (m.syncRunId() == null) {
            return; // a preview is a run: a verdict outside any run has nothing to be shown in
        }
        begin(m.firmId(), m.syncRunId());
        ContactSnapshot xpm = m.xpmRecord();
        PreviewVerdictEntity row = PreviewVerdictEntity.<PreviewVerdictEntity>find("firmId = ?1 and xpmId = ?2",
                m.firmId(), xpm.ref().id()).firstResult();
        if (row == null) {
            row = new PreviewVerdictEntity();
            row.firmId = m.firmId();
            row.xpmId = xpm.ref().id();
        }
        row.runId = m.syncRunId();
        row.xpmName = xpm.name() == null ? "" : xpm.name();
        row.xpmKind = xpm.ref().kind().name();
        row.xpmHash = fingerprint(xpm);
        row.karbonKey = null;
        row.karbonKind = null;
        row.contactType = null;
        row.changes = null;
        row.recordedAt = Instant.now();
        row.appliedRunId = null;
        row.appliedOutcome = null;
        row.appliedHash = null;
        predict(m, row);
        row.persist();
        outcomes.count(m.firmId(), m.syncRunId(), Outcome.valueOf(row.predicted));
    }

    /**
     * A preview's record that could not be classified or taken in: counted as failed for the preview's progress and
     * listed with the reason; no failed record is kept for a replay and no contact's history says so.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(String firmId, UUID runId, ContactSnapshot xpm, String reason) {
        if (runId == null) {
            return;
        }
        begin(firmId, runId);
        PreviewVerdictEntity row = PreviewVerdictEntity.<PreviewVerdictEntity>find("firmId = ?1 and xpmId = ?2",
                firmId, xpm.ref().id()).firstResult();
        if (row == null) {
            row = new PreviewVerdictEntity();
            row.firmId = firmId;
            row.xpmId = xpm.ref().id();
        } else if (runId.equals(row.runId) && row.predicted != null) {
            return; // already decided on (a redelivery)
        }
        row.runId = runId;
        row.xpmName = xpm.name() == null ? "" : xpm.name();
        row.xpmKind = xpm.ref().kind().name();
        row.xpmHash = fingerprint(xpm);
        row.predicted = Outcome.FAILED.name();
        row.detail = reason;
        row.recordedAt = Instant.now();
        row.persist();
        outcomes.count(firmId, runId, Outcome.FAILED);
    }

    /**
     * The fields a Sync Now would find changed on both sides, in words: the merge of the XPM record against the
     * mapping's base, with Karbon as its change feed last showed the contact (the preview reads no Karbon record; a
     * contact that has not changed since its base holds the base). Each says whether a person will be asked (or the
     * open conflict updated) or which rule decides.
     */
    private List<String> conflicts(String firmId, MappingEntity mapping, ContactSnapshot xpm, Instant readAt) {
        Map<SyncedField, AgreedField> base = mappings.base(mapping);
        if (base.isEmpty()) {
            return List.of();
        }
        Optional<ContactSnapshot> seen = karbonSeen.of(firmId, mapping.karbonKey);
        Map<SyncedField, String> karbon = new EnumMap<>(SyncedField.class);
        base.forEach((field, agreed) -> karbon.put(field, agreed.karbonValue()));
        seen.ifPresent(k -> karbon.putAll(FieldValues.of(k)));
        ConflictPolicy policy = Conflicts.policyOf(firmId);
        List<String> conflicts = new ArrayList<>();
        FieldMerge.merge(FieldValues.of(xpm), readAt, true, karbon, base).forEach((field, verdict) -> {
            if (verdict != FieldMerge.Verdict.CONFLICT || field == SyncedField.OTHER_PHONES) {
                return;
            }
            String karbonValue = seen.map(k -> FieldValues.display(k, field)).orElse(null);
            boolean open = FieldConflictEntity.open(mapping.id, field.name()).isPresent();
            conflicts.add(field.label() + " (XPM \u201c" + FieldValues.display(xpm, field) + "\u201d, Karbon \u201c"
                    + karbonValue + "\u201d): " + (policy != ConflictPolicy.ASK ? "decided by the rule \u201c"
                    + policy.words() + "\u201d" : open ? "the open conflict is updated and waits for a person"
                    : "a conflict for a person to resolve"));
        });
        return conflicts;
    }

    /** The rules of MatchHandler, read-only: what it would do with this verdict now. */
    private void predict(MatchProposed m, PreviewVerdictEntity row) {
        ContactSnapshot xpm = m.xpmRecord();
        Optional<MappingEntity> mapped = MappingEntity.ofXpm(m.firmId(), xpm.ref().id());
        if (xpm.deleted() || xpm.archived()) {
            String state = xpm.deleted() ? "deleted" : "archived";
            row.predicted = Outcome.SKIPPED.name();
            row.detail = mapped.isPresent() ? state + " in XPM: its match with " + mapped.get().karbonName
                    + " is marked " + state + "; the Karbon contact is kept" : state + " in XPM: not imported";
            return;
        }
        if (mapped.isPresent()) {
            List<FieldChange> changes = SyncedFields.changes(mappings.lastXpm(mapped.get()), xpm);
            row.karbonKey = mapped.get().karbonKey;
            row.karbonKind = mapped.get().karbonKind;
            row.predicted = (changes.isEmpty() ? Outcome.UNCHANGED : Outcome.LINKED_UPDATED).name();
            List<String> inConflict = conflicts(m.firmId(), mapped.get(), xpm, m.xpmReadAt());
            row.detail = changes.isEmpty() ? "matched with " + mapped.get().karbonName + "; nothing to write"
                    : "matched with " + mapped.get().karbonName + "; its changed fields are written to Karbon"
                    + (inConflict.isEmpty() ? "" : " except what changed in both systems: "
                    + String.join("; ", inConflict));
            row.changes = changes.isEmpty() ? null : write(changes);
            return;
        }
        switch (m.outcome()) {
            case EXACT -> {
                String key = m.karbonRef().id();
                boolean taken = MappingEntity.ofKarbon(m.firmId(), key).isPresent()
                        || PreviewVerdictEntity.count("firmId = ?1 and runId = ?2 and karbonKey = ?3 and predicted = ?4"
                        + " and xpmId <> ?5", m.firmId(), m.syncRunId(), key, Outcome.EXACT.name(), xpm.ref().id()) > 0;
                if (taken) {
                    row.predicted = Outcome.PARTIAL.name();
                    row.detail = reason(PartialReason.CANDIDATE_ALREADY_MAPPED);
                } else {
                    row.predicted = Outcome.EXACT.name();
                    row.karbonKey = key;
                    row.karbonKind = m.karbonRef().kind().name();
                    row.detail = "matched exactly with the " + (m.karbonRef().kind() == ContactKind.KARBON_PERSON
                            ? "person" : "organization") + " in Karbon of the same name and email";
                }
            }
            case NEW -> {
                FirmSettingsEntity settings = FirmSettingsEntity.findById(m.firmId());
                boolean person = BusinessStructures.becomesPerson(xpm,
                        settings == null ? List.of() : settings.personStructureList());
                row.predicted = Outcome.CREATED.name();
                row.karbonKind = (person ? ContactKind.KARBON_PERSON : ContactKind.KARBON_ORGANIZATION).name();
                row.contactType = settings == null || settings.newContactType == null ? "Client"
                        : settings.newContactType;
                row.detail = "created in Karbon as " + (person ? "a person" : "an organization") + " of Contact Type "
                        + row.contactType;
                row.changes = write(SyncedFields.changes(null, xpm));
            }
            case PARTIAL -> {
                row.predicted = Outcome.PARTIAL.name();
                List<String> names = m.candidates().stream().map(MatchCandidate::name).toList();
                row.detail = reason(m.partialReason()) + (names.isEmpty() ? "" : "; candidates: "
                        + String.join(", ", names));
            }
            case LINKED -> {
                row.predicted = Outcome.SKIPPED.name();
                row.detail = "its match was removed meanwhile; it is matched afresh when it next changes";
            }
        }
    }

    /** A new preview of the firm replaces the one before it. */
    private void begin(String firmId, UUID runId) {
        SyncPreviewEntity preview = SyncPreviewEntity.findById(firmId);
        if (preview != null && runId.equals(preview.runId)) {
            return;
        }
        PreviewVerdictEntity.delete("firmId", firmId);
        if (preview == null) {
            preview = new SyncPreviewEntity();
            preview.firmId = firmId;
        }
        preview.runId = runId;
        preview.startedAt = Instant.now();
        preview.comparedRunId = null;
        preview.persist();
        PreviewVerdictEntity.flush();
    }

    /**
     * A real verdict applied ({@code outcome}): when its run is the first real one after the firm's preview, noted
     * beside the prediction for the comparison.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applied(MatchProposed m, Outcome outcome) {
        if (m.syncRunId() == null) {
            return;
        }
        SyncPreviewEntity preview = SyncPreviewEntity.findById(m.firmId());
        if (preview == null || preview.runId.equals(m.syncRunId())) {
            return;
        }
        if (preview.comparedRunId == null) {
            preview.comparedRunId = m.syncRunId();
        } else if (!preview.comparedRunId.equals(m.syncRunId())) {
            return;
        }
        ContactSnapshot xpm = m.xpmRecord();
        PreviewVerdictEntity row = PreviewVerdictEntity.<PreviewVerdictEntity>find("firmId = ?1 and xpmId = ?2",
                m.firmId(), xpm.ref().id()).firstResult();
        if (row == null) {
            row = new PreviewVerdictEntity();
            row.firmId = m.firmId();
            row.xpmId = xpm.ref().id();
            row.runId = preview.runId;
            row.xpmName = xpm.name() == null ? "" : xpm.name();
            row.xpmKind = xpm.ref().kind().name();
            row.recordedAt = Instant.now();
        }
        row.appliedRunId = m.syncRunId();
        row.appliedOutcome = outcome.name();
        row.appliedHash = fingerprint(xpm);
        row.persist();
    }

    /** The preview's counts (404 when {@code runId} is not the firm's latest preview). */
    @Transactional
    public Summary summary(String firmId, UUID runId) {
        SyncPreviewEntity preview = preview(firmId, runId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT predicted, karbon_kind, count(*) FROM preview_verdict"
                        + " WHERE firm_id = ?1 AND run_id = ?2 AND predicted IS NOT NULL GROUP BY predicted, karbon_kind")
                .setParameter(1, firmId).setParameter(2, runId).getResultList();
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0L);
        }
        long people = 0;
        long organizations = 0;
        for (Object[] r : rows) {
            Outcome o = Outcome.valueOf((String) r[0]);
            long n = ((Number) r[2]).longValue();
            counts.merge(o, n, Long::sum);
            if (o == Outcome.CREATED) {
                if (ContactKind.KARBON_PERSON.name().equals(r[1])) {
                    people += n;
                } else {
                    organizations += n;
                }
            }
        }
        return new Summary(runId, preview.startedAt, counts, people, organizations, preview.comparedRunId);
    }

    /** One group of the preview, by name, optionally only the records whose name contains {@code search}. */
    @Transactional
    public RecordPage records(String firmId, UUID runId, Outcome outcome, String search, int page, int size) {
        preview(firmId, runId);
        String like = search == null || search.isBlank() ? "%"
                : "%" + search.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        var query = PreviewVerdictEntity.<PreviewVerdictEntity>find("firmId = ?1 and runId = ?2 and predicted = ?3"
                + " and lower(xpmName) like ?4 order by lower(xpmName), xpmId", firmId, runId, outcome.name(), like);
        List<Record> items = query.page(Page.of(page, size)).list().stream().map(r -> new Record(r.xpmId, r.xpmName,
                r.xpmKind, Outcome.valueOf(r.predicted), r.karbonKind, r.contactType, r.detail, read(r.changes)))
                .toList();
        return new RecordPage(items, query.count(), page, size);
    }

    /**
     * The real run compared with the preview before it: how many records it did as predicted, and each difference
     * with its explanation. 404 when the run is not the first real run after the firm's latest preview.
     */
    @Transactional
    public Comparison comparison(String firmId, UUID runId) {
        SyncPreviewEntity preview = SyncPreviewEntity.findById(firmId);
        if (preview == null || !runId.equals(preview.comparedRunId)) {
            throw new ApiProblem(404, "Sync run " + runId + " is not compared with a preview: only the first run after"
                    + " the firm's latest Preview Sync is");
        }
        List<PreviewVerdictEntity> rows = PreviewVerdictEntity.list("firmId = ?1 order by lower(xpmName), xpmId",
                firmId);
        long predicted = 0;
        long same = 0;
        List<Difference> differences = new ArrayList<>();
        for (PreviewVerdictEntity r : rows) {
            Outcome before = r.predicted == null ? null : Outcome.valueOf(r.predicted);
            Outcome after = r.appliedOutcome == null ? null : Outcome.valueOf(r.appliedOutcome);
            if (before != null) {
                predicted++;
            }
            if (before != null && before == after) {
                same++;
                continue;
            }
            differences.add(new Difference(r.xpmId, r.xpmName, before, after, explain(r, before, after)));
        }
        return new Comparison(runId, preview.runId, predicted, same, differences);
    }

    private static String explain(PreviewVerdictEntity r, Outcome before, Outcome after) {
        if (before == null) {
            return "changed in XPM after the preview: the preview did not read it as changed";
        }
        if (after == null) {
            return "not done by this run: it failed, or XPM no longer showed it as changed (another run took it"
                    + " first, or it was changed back)";
        }
        if (r.xpmHash != null && !r.xpmHash.equals(r.appliedHash)) {
            return "changed in XPM between the preview and the sync";
        }
        return "Karbon or the matches changed between the preview and the sync (a contact created, changed or"
                + " matched meanwhile)";
    }

    private SyncPreviewEntity preview(String firmId, UUID runId) {
        SyncPreviewEntity preview = SyncPreviewEntity.findById(firmId);
        if (preview == null || !runId.equals(preview.runId)) {
            throw new ApiProblem(404, "Firm " + firmId + " has no preview " + runId + "; a preview is kept until the"
                    + " firm's next one");
        }
        return preview;
    }

    /** A partial match's reason in a person's words. */
    static String reason(PartialReason reason) {
        if (reason == null) {
            return "a possible match that a person should check";
        }
        return switch (reason) {
            case NAME_ONLY -> "same name as a Karbon contact, another email";
            case EMAIL_ONLY -> "same email as a Karbon contact, another name";
            case SEVERAL_EXACT_CANDIDATES -> "several Karbon contacts have the same name and email";
            case CANDIDATE_ALREADY_MAPPED -> "its match in Karbon is already matched with another XPM record";
            case EMAIL_MISSING -> "same name as a Karbon contact, but an email is missing to be sure";
            case KIND_MISMATCH -> "same name and email, but one is a person and the other an organization";
        };
    }

    /** What the comparison sees of a record: its synced fields and whether it is archived or deleted. */
    private static String fingerprint(ContactSnapshot xpm) {
        return xpm.contentHash() + (xpm.archived() ? "|A" : "") + (xpm.deleted() ? "|D" : "");
    }

    private String write(List<FieldChange> changes) {
        try {
            return json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<FieldChange> read(String changes) {
        if (changes == null) {
            return List.of();
        }
        try {
            return json.readValue(changes, CHANGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable preview changes", e);
        }
    }
}
