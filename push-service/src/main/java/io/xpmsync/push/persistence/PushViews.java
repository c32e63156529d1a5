package io.xpmsync.push.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.push.config.PushConfig;
import io.xpmsync.push.domain.PushFacts;
import io.xpmsync.push.xpm.XpmProjection;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * push-service's local views, fed by the topics it consumes: settings, mappings, open partial matches, Karbon
 * contacts' kind and type, and what XPM holds in the pushed fields; and what a Karbon change adds to the push queue
 * (one row per contact, so a burst of changes coalesces into one write of the latest state). {@link #facts} reads
 * what the push rules need to decide on one change.
 */
@ApplicationScoped
public class PushViews {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final EntityManager em;
    private final PushConfig config;
    private final ObjectMapper json = new ObjectMapper().registerModule(
            new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    private final FieldBases bases;

    PushViews(EntityManager em, PushConfig config, FieldBases bases) {
        this.em = em;
        this.config = config;
        this.bases = bases;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void settings(SyncSettingsChanged event) {
        // connected_at: when the firm connected (kept while it stays connected, cleared when it disconnects)
        em.createNativeQuery("INSERT INTO firm_settings (firm_id, pushed_types, xpm_connected, updated_at, connected_at,"
                        + " region) VALUES (?1, ?2, ?3, ?4, CASE WHEN ?3 THEN CAST(?4 AS TIMESTAMPTZ) END, ?5)"
                        + " ON CONFLICT (firm_id) DO UPDATE SET region = EXCLUDED.region,"
                        + " pushed_types = EXCLUDED.pushed_types, xpm_connected = EXCLUDED.xpm_connected,"
                        + " updated_at = EXCLUDED.updated_at, connected_at = CASE WHEN NOT EXCLUDED.xpm_connected THEN NULL"
                        + " WHEN firm_settings.xpm_connected AND firm_settings.connected_at IS NOT NULL"
                        + " THEN firm_settings.connected_at ELSE EXCLUDED.updated_at END"
                        + " WHERE firm_settings.updated_at <= EXCLUDED.updated_at")
                .setParameter(1, event.firmId()).setParameter(2, write(event.settings().pushedContactTypes()))
                .setParameter(3, event.settings().xpmConnected()).setParameter(4, event.occurredAt())
                .setParameter(5, event.settings().region())
                .executeUpdate();
    }

    /** The firm's XPM practice's country, in which numbers of a contact without an address are read; or null. */
    @Transactional
    public String region(String firmId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT region FROM firm_settings WHERE firm_id = ?1")
                .setParameter(1, firmId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * A verdict on an XPM record: a PARTIAL one opens (or replaces) its candidates; any other closes what was open for
     * that record.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void matchProposed(MatchProposed event) {
        String xpmId = event.xpmRecord().ref().id();
        closePartial(event.firmId(), xpmId);
        if (event.outcome() == MatchOutcome.EXACT && event.karbonRef() != null
                && mappingOf(event.firmId(), event.karbonRef().id()).isEmpty()) {
            // mapping-service is about to write the XPM record's values into this Karbon contact and map them; the
            // echo of that write may come before the MappingConfirmed, and must wait for it, not create the record
            // in XPM a second time
            em.createNativeQuery("INSERT INTO karbon_view (firm_id, karbon_key, kind, created_from_xpm_id)"
                            + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (firm_id, karbon_key) DO UPDATE SET"
                            + " created_from_xpm_id = EXCLUDED.created_from_xpm_id")
                    .setParameter(1, event.firmId()).setParameter(2, event.karbonRef().id())
                    .setParameter(3, event.karbonRef().kind().name()).setParameter(4, xpmId).executeUpdate();
        }
        if (event.outcome() == MatchOutcome.PARTIAL) {
            for (MatchCandidate candidate : event.candidates()) {
                em.createNativeQuery("INSERT INTO partial_view (firm_id, xpm_id, karbon_key) VALUES (?1, ?2, ?3)"
                                + " ON CONFLICT DO NOTHING").setParameter(1, event.firmId()).setParameter(2, xpmId)
                        .setParameter(3, candidate.karbonRef().id()).executeUpdate();
            }
        }
    }

    /** The XPM record of an open partial match that has this Karbon contact among its candidates, if any. */
    public Optional<String> openPartialWith(String firmId, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT xpm_id FROM partial_view WHERE firm_id = ?1 AND karbon_key = ?2"
                + " LIMIT 1").setParameter(1, firmId).setParameter(2, karbonKey).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    private void closePartial(String firmId, String xpmId) {
        em.createNativeQuery("DELETE FROM partial_view WHERE firm_id = ?1 AND xpm_id = ?2").setParameter(1, firmId)
                .setParameter(2, xpmId).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void mapping(MappingConfirmed event) {
        // A mapping of the XPM record, whichever way it came (confirmed, created new, or removed), ends its partial.
        closePartial(event.firmId(), event.xpmRef().id());
        if (event.state() == MappingState.REMOVED) {
            em.createNativeQuery("DELETE FROM mapping_view WHERE firm_id = ?1 AND karbon_key = ?2 AND xpm_id = ?3")
                    .setParameter(1, event.firmId()).setParameter(2, event.karbonRef().id())
                    .setParameter(3, event.xpmRef().id()).executeUpdate();
            bases.forget(event.firmId(), event.karbonRef().id());
            return;
        }
        mapped(event.firmId(), event.karbonRef().id(), event.xpmRef(), event.state().name());
        if (event.agreed() != null) {
            bases.agreed(event.firmId(), event.karbonRef().id(), event.xpmRef().id(), event.agreed());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void mapped(String firmId, String karbonKey, ContactRef xpm, String state) {
        em.createNativeQuery("INSERT INTO mapping_view (firm_id, karbon_key, xpm_id, xpm_kind, state, updated_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, now()) ON CONFLICT (firm_id, karbon_key) DO UPDATE SET"
                        + " xpm_id = EXCLUDED.xpm_id, xpm_kind = EXCLUDED.xpm_kind, state = EXCLUDED.state, updated_at = now()")
                .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, xpm.id())
                .setParameter(4, xpm.kind().name()).setParameter(5, state).executeUpdate();
    }

    /** XPM's change feed: what XPM holds now in the pushed fields. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void xpmHolds(String firmId, String xpmId, ContactSnapshot holds) {
        em.createNativeQuery("INSERT INTO xpm_view (firm_id, xpm_id, projection_hash, xpm_values, updated_at)"
                        + " VALUES (?1, ?2, ?3, ?4, now()) ON CONFLICT (firm_id, xpm_id) DO UPDATE SET"
                        + " projection_hash = EXCLUDED.projection_hash, xpm_values = EXCLUDED.xpm_values,"
                        // since when XPM holds these values: what "most recent" compares for XPM's side
                        + " updated_at = CASE WHEN xpm_view.projection_hash = EXCLUDED.projection_hash"
                        + " THEN xpm_view.updated_at ELSE now() END")
                .setParameter(1, firmId).setParameter(2, xpmId).setParameter(3, XpmProjection.hash(holds))
                .setParameter(4, write(holds)).executeUpdate();
    }

    /** A Karbon change: its kind and type are noted, and it waits (coalescing) to be pushed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void karbonChanged(ContactChanged event, String payload) {
        ContactSnapshot c = event.contact();
        em.createNativeQuery("INSERT INTO karbon_view (firm_id, karbon_key, kind, contact_type) VALUES (?1, ?2, ?3, ?4)"
                        + " ON CONFLICT (firm_id, karbon_key) DO UPDATE SET kind = EXCLUDED.kind,"
                        + " contact_type = EXCLUDED.contact_type")
                .setParameter(1, event.firmId()).setParameter(2, c.ref().id()).setParameter(3, c.ref().kind().name())
                .setParameter(4, c.contactType()).executeUpdate();
        // Noted as the change arrives, before coalescing can fold it into a later change: a Karbon contact that holds
        // exactly the values of an XPM record no mapping claims yet was created from it (see awaitedMapping).
        if (mappingOf(event.firmId(), c.ref().id()).isEmpty()) {
            unmappedXpmWith(event.firmId(), XpmProjection.hash(c), c.ref().id()).ifPresent(xpmId ->
                    createdFrom(event.firmId(), c.ref().id(), xpmId));
        }
        enqueue(event.firmId(), c, event.eventId(), payload, event.occurredAt(), config.coalesceWindow(), null);
    }

    /**
     * A conflict resolved for a value XPM does not hold yet: the Karbon contact holding it is pushed at once with the
     * field forced, whatever the base says (the resolution is the newer agreement). Joins a change of the contact that
     * is already waiting (its fields forced too).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void conflictResolved(FieldConflict event, String payload) {
        ContactSnapshot karbon = event.karbonRecord();
        if (karbon == null || event.xpmWrite() == null) {
            return;
        }
        enqueue(event.firmId(), karbon, event.eventId(), payload, event.occurredAt(), java.time.Duration.ZERO,
                event.field().name());
    }

    private void enqueue(String firmId, ContactSnapshot c, java.util.UUID eventId, String payload, Instant changedAt,
                         java.time.Duration window, String forced) {
        Instant now = Instant.now();
        em.createNativeQuery("INSERT INTO pending_push (firm_id, karbon_key, snapshot, source_event_id, source_payload,"
                        + " received_at, due_at, changed_at, traceparent, forced_fields)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11)"
                        + " ON CONFLICT (firm_id, karbon_key) DO UPDATE SET"
                        + " snapshot = EXCLUDED.snapshot, source_event_id = EXCLUDED.source_event_id,"
                        + " traceparent = EXCLUDED.traceparent,"
                        + " source_payload = EXCLUDED.source_payload, changed_at = EXCLUDED.changed_at, attempts = 0,"
                        + " last_error = NULL,"
                        + " forced_fields = CASE WHEN EXCLUDED.forced_fields IS NULL THEN pending_push.forced_fields"
                        + " WHEN pending_push.forced_fields IS NULL THEN EXCLUDED.forced_fields"
                        + " ELSE pending_push.forced_fields || ',' || EXCLUDED.forced_fields END,"
                        // each change in a burst moves the write to a window after it, but never later than the
                        // longest delay after the burst's first change
                        + " due_at = LEAST(pending_push.received_at + ?8 * interval '1 millisecond', EXCLUDED.due_at)")
                .setParameter(1, firmId).setParameter(2, c.ref().id()).setParameter(3, write(c))
                .setParameter(4, eventId).setParameter(5, payload).setParameter(6, now)
                .setParameter(7, now.plus(window))
                .setParameter(8, config.coalesceMax().toMillis()).setParameter(9, changedAt)
                .setParameter(10, Traces.consumed(eventId)).setParameter(11, forced).executeUpdate();
    }

    /**
     * Since when XPM holds {@code current} in the pushed fields, as far as push-service saw it: when its change feed
     * (or a write) first showed these values; now when they are new to push-service.
     */
    @Transactional
    public Instant xpmSeenAt(String firmId, String xpmId, ContactSnapshot current) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT projection_hash, updated_at FROM xpm_view WHERE firm_id = ?1"
                + " AND xpm_id = ?2").setParameter(1, firmId).setParameter(2, xpmId).getResultList();
        return rows.stream().filter(r -> XpmProjection.hash(current).equals(r[0])).findFirst()
                .map(r -> instant(r[1])).orElse(Instant.now());
    }

    /** A timestamp as the JDBC driver hands it over. */
    public static Instant instant(Object value) {
        return value instanceof Instant i ? i : value instanceof java.sql.Timestamp t ? t.toInstant()
                : value instanceof java.time.OffsetDateTime o ? o.toInstant() : null;
    }

    /** Whether the firm's XPM connection is on, as the settings say. */
    public boolean connected(String firmId) {
        return !em.createNativeQuery("SELECT 1 FROM firm_settings WHERE firm_id = ?1 AND xpm_connected")
                .setParameter(1, firmId).getResultList().isEmpty();
    }

    /** When the firm connected XPM, if it is connected. */
    public Optional<Instant> connectedAt(String firmId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT connected_at FROM firm_settings WHERE firm_id = ?1"
                + " AND xpm_connected").setParameter(1, firmId).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(instant(rows.get(0)));
    }

    public List<String> pushedTypes(String firmId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT pushed_types, xpm_connected FROM firm_settings WHERE firm_id = ?1")
                .setParameter(1, firmId).getResultList();
        if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0)[1])) {
            return List.of();
        }
        try {
            return json.readValue((String) rows.get(0)[0], STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the push rules read to decide on this change of a Karbon contact, as the views hold it now. */
    @Transactional
    public PushFacts facts(String firmId, ContactSnapshot change, Instant changedAt) {
        String karbonKey = change.ref().id();
        String projection = XpmProjection.hash(change);
        Optional<PushFacts.XpmLink> mapping = mappingOf(firmId, karbonKey);
        boolean unmapped = mapping.isEmpty();
        List<PushFacts.LinkedOrganization> organizations = change.ref().kind() == ContactKind.KARBON_ORGANIZATION
                ? List.of() : change.links().stream().map(org -> new PushFacts.LinkedOrganization(org.id(),
                contactTypeOf(firmId, org.id()).orElse(null), mappingOf(firmId, org.id()).orElse(null))).toList();
        return new PushFacts(change, changedAt, projection, pushedTypes(firmId), connectedAt(firmId).orElse(null),
                mapping.orElse(null), mapping.flatMap(m -> xpmProjection(firmId, m.xpmId())).orElse(null),
                unmapped ? openPartialWith(firmId, karbonKey).orElse(null) : null,
                unmapped ? awaitedMapping(firmId, karbonKey).orElse(null) : null,
                unmapped ? unmappedXpmWith(firmId, projection, karbonKey).orElse(null) : null, organizations);
    }

    public Optional<PushFacts.XpmLink> mappingOf(String firmId, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT xpm_id, xpm_kind, state FROM mapping_view WHERE firm_id = ?1"
                        + " AND karbon_key = ?2").setParameter(1, firmId).setParameter(2, karbonKey).getResultList();
        return rows.stream().findFirst().map(r -> new PushFacts.XpmLink((String) r[0],
                ContactKind.XPM_CLIENT.name().equals(r[1]), (String) r[2]));
    }

    public Optional<String> contactTypeOf(String firmId, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT contact_type FROM karbon_view WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, firmId).setParameter(2, karbonKey).getResultList();
        return rows.stream().filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<String> xpmProjection(String firmId, String xpmId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT projection_hash FROM xpm_view WHERE firm_id = ?1 AND xpm_id = ?2")
                .setParameter(1, firmId).setParameter(2, xpmId).getResultList();
        return rows.stream().findFirst();
    }

    /**
     * An XPM record holding exactly these pushed values that no other Karbon contact's mapping has claimed: a Karbon
     * contact ({@code karbonKey}) that looks like it was just created from XPM (mapping-service writes first, its
     * MappingConfirmed arrives later). A record mapped to this contact itself counts: {@link #facts} reads the
     * contact's mapping first and this after it, each statement in its own snapshot, so a MappingConfirmed committed
     * in between must not make the contact's own XPM record look taken (under load that created it in XPM again).
     */
    public Optional<String> unmappedXpmWith(String firmId, String projectionHash, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT x.xpm_id FROM xpm_view x WHERE x.firm_id = ?1"
                        + " AND x.projection_hash = ?2 AND NOT EXISTS (SELECT 1 FROM mapping_view m WHERE"
                        + " m.firm_id = x.firm_id AND m.xpm_id = x.xpm_id AND m.karbon_key <> ?3)")
                .setParameter(1, firmId).setParameter(2, projectionHash)
                .setParameter(3, karbonKey == null ? "" : karbonKey).getResultList();
        return rows.stream().findFirst();
    }

    /**
     * The XPM record the Karbon contact was created from, as far as push-service could tell, while no other Karbon
     * contact is mapped to that record: the contact's changes wait for the mapping rather than create the record again
     * in XPM.
     */
    public Optional<String> awaitedMapping(String firmId, String karbonKey) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT k.created_from_xpm_id FROM karbon_view k WHERE k.firm_id = ?1"
                        + " AND k.karbon_key = ?2 AND k.created_from_xpm_id IS NOT NULL AND NOT EXISTS (SELECT 1"
                        + " FROM mapping_view m WHERE m.firm_id = k.firm_id AND m.xpm_id = k.created_from_xpm_id"
                        + " AND m.karbon_key <> k.karbon_key)")
                .setParameter(1, firmId).setParameter(2, karbonKey).getResultList();
        return rows.stream().findFirst();
    }

    /** Remembers that the Karbon contact looks created from the unmapped XPM record (see {@link #awaitedMapping}). */
    @Transactional
    public void createdFrom(String firmId, String karbonKey, String xpmId) {
        em.createNativeQuery("UPDATE karbon_view SET created_from_xpm_id = ?3 WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, xpmId).executeUpdate();
    }

    public ContactSnapshot read(String snapshot) {
        try {
            return json.readValue(snapshot, ContactSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable queued snapshot", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
