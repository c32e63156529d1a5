package io.xpmsync.mapping.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.mapping.config.MappingConfig;
import io.xpmsync.mapping.persistence.MappingEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every mapped contact's timeline: how it was mapped (and by whom), every change written to it either way (which
 * synced fields, before and after; which run or Karbon change; which side was written), pushes XPM refused, records
 * that failed, state changes and Remove Match (by whom). Written in the transaction of what it records; served newest
 * first, a page at a time; kept for {@code MAPPING_HISTORY_RETENTION}.
 */
@ApplicationScoped
public class ContactHistory {

    private static final Logger LOG = Logger.getLogger(ContactHistory.class);
    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
    };

    /** What happened to the contact. */
    public enum Kind {
        /** It was mapped: {@code method} says how. */
        MAPPED,
        /** A change made in XPM was written to Karbon. */
        WRITTEN_TO_KARBON,
        /** A change made in Karbon was written to XPM. */
        WRITTEN_TO_XPM,
        /** A change made in Karbon could not be written to XPM. */
        PUSH_FAILED,
        /** A change made in XPM could not be written to Karbon. */
        FAILED,
        /** Archived in XPM: nothing more is written; the Karbon contact is kept. */
        ARCHIVED_IN_XPM,
        /** Deleted in XPM: nothing more is written; the Karbon contact is kept. */
        DELETED_IN_XPM,
        /** Active again (the XPM record came back). */
        REACTIVATED,
        /** Remove Match: the records are no longer mapped. */
        REMOVED,
        /** A field changed on both sides to different values; each side kept its own for a person to choose. */
        CONFLICT_OPENED,
        /** A conflict was decided, by a person or by the firm's rule: both values, and which one both hold now. */
        CONFLICT_RESOLVED,
        /** The XPM prospect was converted to a client (a new record in XPM): the mapping now names the client. */
        CONVERTED_FROM_PROSPECT
    }

    /** One entry as the API serves it. {@code wrote}: KARBON or XPM when a side was written, else null. */
    public record Entry(long id, Instant occurredAt, Kind kind, String summary, String wrote, String by,
                        MatchMethod method, UUID syncRunId, UUID sourceEventId, List<FieldChange> changes,
                        String detail) {
    }

    /** A page of a contact's timeline, newest first, with the contact's names. */
    public record Timeline(UUID mappingId, String xpmName, String karbonName, String state, List<Entry> items,
                           long total, int page, int size) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final MappingConfig config;

    ContactHistory(MappingConfig config) {
        this.config = config;
    }

    /** The mapping began ({@code by}: the person who confirmed or created it, null for the sync itself). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mapped(MappingEntity m, UUID syncRunId, MatchMethod method, String by, List<FieldChange> written) {
        mapped(m, syncRunId, method, by, written, null);
    }

    /** As above; {@code note}: what the write to Karbon had to fit (a value shortened to Karbon's limit), or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mapped(MappingEntity m, UUID syncRunId, MatchMethod method, String by, List<FieldChange> written,
                       String note) {
        add(m, Kind.MAPPED, method, by, syncRunId, null, written, note);
    }

    /** A change made in XPM was written to Karbon by a run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writtenToKarbon(MappingEntity m, UUID syncRunId, List<FieldChange> written) {
        writtenToKarbon(m, syncRunId, written, null);
    }

    /** As above; {@code note}: what the write had to fit (a value shortened to Karbon's limit), or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writtenToKarbon(MappingEntity m, UUID syncRunId, List<FieldChange> written, String note) {
        if (!written.isEmpty()) {
            add(m, Kind.WRITTEN_TO_KARBON, null, null, syncRunId, null, written, note);
        }
    }

    /** A change made in Karbon ({@code sourceEventId}) was written to XPM, or XPM refused it ({@code failure}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pushed(MappingEntity m, UUID sourceEventId, List<FieldChange> written, String failure) {
        if (failure != null) {
            add(m, Kind.PUSH_FAILED, null, null, null, sourceEventId, List.of(), failure);
        } else if (written != null && !written.isEmpty()) {
            add(m, Kind.WRITTEN_TO_XPM, null, null, null, sourceEventId, written, null);
        }
    }

    /**
     * A field changed in both systems to different values; nothing was overwritten. The entry's change is the field
     * with XPM's value before and Karbon's after.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void conflictOpened(MappingEntity m, UUID syncRunId, SyncedField field, String xpmValue,
                               String karbonValue, Instant xpmSeenAt, Instant karbonChangedAt) {
        add(m, Kind.CONFLICT_OPENED, null, null, syncRunId, null,
                List.of(new FieldChange(field.label(), xpmValue, karbonValue)), field.label() + " changed in XPM to "
                        + quoted(xpmValue) + seen(xpmSeenAt) + " and in Karbon to " + quoted(karbonValue)
                        + changed(karbonChangedAt) + "; each keeps its own until a person chooses");
    }

    /**
     * A conflict decided ({@code by}: the person; {@code rule}: the firm's rule in words when it decided): both values,
     * and the one both systems hold now; the other is the overwritten one, kept here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void conflictResolved(MappingEntity m, UUID syncRunId, SyncedField field, String xpmValue,
                                 String karbonValue, Instant xpmSeenAt, Instant karbonChangedAt, String resolved,
                                 String by, String rule) {
        String lost = java.util.Objects.equals(resolved, xpmValue) ? "Karbon's " + quoted(karbonValue)
                : java.util.Objects.equals(resolved, karbonValue) ? "XPM's " + quoted(xpmValue)
                : "XPM's " + quoted(xpmValue) + " and Karbon's " + quoted(karbonValue);
        add(m, Kind.CONFLICT_RESOLVED, null, by, syncRunId, null,
                List.of(new FieldChange(field.label(), xpmValue, karbonValue)), field.label() + " is now "
                        + quoted(resolved) + " in both systems" + (rule == null ? "" : " by the rule “" + rule
                        + "”") + "; " + lost + " was overwritten (XPM had " + quoted(xpmValue) + seen(xpmSeenAt)
                        + ", Karbon " + quoted(karbonValue) + changed(karbonChangedAt) + ")");
    }

    /** A time as no reader can misread it: "7 Dec 2026, 13:03 UTC". */
    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    private static String seen(Instant at) {
        return at == null ? "" : ", first seen " + WHEN.format(at);
    }

    private static String changed(Instant at) {
        return at == null ? "" : ", changed " + WHEN.format(at);
    }

    private static String quoted(String value) {
        return value == null || value.isBlank() ? "nothing" : "“" + value + "”";
    }

    /** A change made in XPM could not be written to Karbon. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(MappingEntity m, UUID syncRunId, String reason) {
        add(m, Kind.FAILED, null, null, syncRunId, null, List.of(), reason);
    }

    /**
     * The XPM prospect the mapping named was converted to a client, which XPM holds as a new record: the mapping, its
     * Karbon contact and its history go on with the client ({@code prospect} and {@code client}: their XPM ids).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void convertedFromProspect(MappingEntity m, UUID syncRunId, String prospect, String client) {
        add(m, Kind.CONVERTED_FROM_PROSPECT, null, null, syncRunId, null, List.of(),
                "XPM record " + prospect + " became " + client);
    }

    /** The mapping's state changed ({@code by}: who removed it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stateChanged(MappingEntity m, UUID syncRunId, MappingState state, String by) {
        Kind kind = switch (state) {
            case ACTIVE -> Kind.REACTIVATED;
            case REMOVED -> Kind.REMOVED;
            case XPM_ARCHIVED -> Kind.ARCHIVED_IN_XPM;
            case XPM_DELETED -> Kind.DELETED_IN_XPM;
        };
        add(m, kind, null, by, syncRunId, null, List.of(), null);
    }

    /** A page of the timeline of the firm's mapping, newest first; null when the firm has no such mapping. */
    @Transactional
    public Timeline of(String firmId, UUID mappingId, int page, int size) {
        MappingEntity m = MappingEntity.findById(mappingId);
        if (m == null || !m.firmId.equals(firmId)) {
            return null;
        }
        var query = HistoryEntryEntity.<HistoryEntryEntity>find("firmId = ?1 and mappingId = ?2",
                Sort.descending("occurredAt", "id"), firmId, mappingId);
        List<Entry> items = query.page(Page.of(page, size)).list().stream().map(e -> entry(e, m)).toList();
        return new Timeline(m.id, m.xpmName, m.karbonName, m.state, items, query.count(), page, size);
    }

    /** Entries older than the retention go (every hour). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void prune() {
        long pruned = HistoryEntryEntity.delete("occurredAt < ?1",
                Instant.now().minus(config.history().retention()));
        if (pruned > 0) {
            LOG.infof("pruned %d contact history entries older than %s", pruned, config.history().retention());
        }
    }

    private void add(MappingEntity m, Kind kind, MatchMethod method, String by, UUID syncRunId, UUID sourceEventId,
                     List<FieldChange> changes, String detail) {
        HistoryEntryEntity e = new HistoryEntryEntity();
        e.firmId = m.firmId;
        e.mappingId = m.id;
        e.occurredAt = Instant.now();
        e.kind = kind.name();
        e.method = method == null ? null : method.name();
        e.actor = by;
        e.syncRunId = syncRunId;
        e.sourceEventId = sourceEventId;
        try {
            e.changes = changes == null || changes.isEmpty() ? null : json.writeValueAsString(changes);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        e.detail = detail;
        e.persist();
    }

    private Entry entry(HistoryEntryEntity e, MappingEntity m) {
        Kind kind = Kind.valueOf(e.kind);
        MatchMethod method = e.method == null ? null : MatchMethod.valueOf(e.method);
        List<FieldChange> changes;
        try {
            changes = e.changes == null ? List.of() : json.readValue(e.changes, CHANGES);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable history entry " + e.id, ex);
        }
        String wrote = switch (kind) {
            case WRITTEN_TO_KARBON -> "KARBON";
            case WRITTEN_TO_XPM -> "XPM";
            case MAPPED -> method == MatchMethod.CREATED_IN_XPM ? "XPM" : changes.isEmpty() ? null : "KARBON";
            default -> null;
        };
        return new Entry(e.id, e.occurredAt, kind, summary(kind, method, e.actor, e.detail), wrote, e.actor, method,
                e.syncRunId, e.sourceEventId, changes, e.detail);
    }

    /** The entry in a person's words. */
    static String summary(Kind kind, MatchMethod method, String by, String detail) {
        String who = by == null ? "" : " by " + by;
        String note = detail == null ? "" : " (" + detail + ")";
        return switch (kind) {
            case MAPPED -> switch (method) {
                case EXACT -> "Matched exactly (same name and email) to the Karbon contact" + note;
                case CREATED_IN_KARBON -> "Created in Karbon from XPM" + note;
                case CONFIRMED_BY_USER -> "Partial match confirmed" + who + note;
                case CREATED_BY_USER -> "Created new in Karbon from a partial match" + who + note;
                case CREATED_IN_XPM -> "Created in XPM from Karbon" + note;
            };
            case WRITTEN_TO_KARBON -> "Changed in XPM; written to Karbon" + note;
            case WRITTEN_TO_XPM -> "Changed in Karbon; written to XPM";
            case PUSH_FAILED -> "Changed in Karbon; XPM did not take it: " + detail;
            case FAILED -> "Changed in XPM; Karbon did not take it: " + detail;
            case ARCHIVED_IN_XPM -> "Archived in XPM; no longer synced";
            case DELETED_IN_XPM -> "Deleted in XPM; no longer synced";
            case REACTIVATED -> "Synced again";
            case REMOVED -> "Match removed" + who;
            case CONFLICT_OPENED -> "Changed in both systems: a conflict to resolve (" + detail + ")";
            case CONFLICT_RESOLVED -> "Conflict resolved" + (by == null ? "" : " by " + by) + ": " + detail;
            case CONVERTED_FROM_PROSPECT -> "Converted from prospect to client in XPM, which gave the client a new"
                    + " record; still the same Karbon contact, now mapped to the client (" + detail + ")";
        };
    }
}
