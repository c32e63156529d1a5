package io.xpmsync.mapping.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MappingState;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.mapping.persistence.FieldBases;
import io.xpmsync.mapping.persistence.FieldConflictEntity;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.persistence.PartialMatchEntity;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The mappings: every change is written with its {@code MappingConfirmed} in the outbox, in one transaction
 * (relayed to Kafka by Debezium). An XPM record and a Karbon contact each have at most one mapping that is not
 * removed; the database's unique indexes hold that even against concurrent writers.
 */
@ApplicationScoped
public class Mappings {

    private final Outbox outbox;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    private final ContactHistory history;
    private final FieldBases bases;

    Mappings(Outbox outbox, ContactHistory history, FieldBases bases) {
        this.outbox = outbox;
        this.history = history;
        this.bases = bases;
    }

    /**
     * New agreements on fields of the mapping (its base, see {@code FieldMerge}); when any is newer than what was kept,
     * the mapping's base is announced ({@code MappingConfirmed.agreed}) for push-service's copy.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void agreed(MappingEntity m, Collection<AgreedField> fields, UUID syncRunId) {
        if (!fields.isEmpty() && bases.agreed(m, fields)) {
            publish(m, syncRunId, List.copyOf(bases.of(m.id).values()));
        }
    }

    /** The mapping's base per field. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<SyncedField, AgreedField> base(MappingEntity m) {
        return bases.of(m.id);
    }

    /** A base of every field both records sync: what each holds now, agreed {@code at}. */
    public static List<AgreedField> allAgreed(ContactSnapshot xpm, ContactSnapshot karbon, Instant at) {
        if (karbon == null) {
            return List.of();
        }
        Map<SyncedField, String> x = FieldValues.of(xpm);
        Map<SyncedField, String> k = FieldValues.of(karbon);
        List<AgreedField> agreed = new ArrayList<>();
        x.forEach((field, value) -> {
            if (k.containsKey(field)) {
                agreed.add(new AgreedField(field, value, k.get(field), FieldValues.display(karbon, field), at));
            }
        });
        return agreed;
    }

    /**
     * A new mapping, on the contact's timeline with how it came to be, who made it ({@code by}: null for the sync) and
     * what was written to Karbon in doing so.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public MappingEntity create(String firmId, UUID syncRunId, ContactSnapshot xpm, ContactRef karbon, String karbonName,
                                MatchMethod method, String by, List<FieldChange> written) {
        return create(firmId, syncRunId, xpm, karbon, karbonName, method, by, written, null);
    }

    /** Whether {@code written} changed {@code field} (a {@link FieldChange#field()} as SyncedFields words it). */
    static boolean wrote(List<FieldChange> written, String field) {
        return written != null && written.stream().anyMatch(c -> field.equals(c.field()));
    }

    /** As above; {@code karbonAfter}: the Karbon contact as the mapping's first write left it, for its base. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MappingEntity create(String firmId, UUID syncRunId, ContactSnapshot xpm, ContactRef karbon, String karbonName,
                                MatchMethod method, String by, List<FieldChange> written, ContactSnapshot karbonAfter) {
        MappingEntity m = new MappingEntity();
        m.id = UUID.randomUUID();
        m.firmId = firmId;
        m.xpmId = xpm.ref().id();
        m.xpmKind = xpm.ref().kind().name();
        m.karbonKey = karbon.id();
        m.karbonKind = karbon.kind().name();
        m.state = MappingState.ACTIVE.name();
        m.method = method.name();
        m.xpmName = xpm.name();
        m.karbonName = karbonName;
        m.lastXpm = write(xpm);
        m.syncedHash = xpm.contentHash();
        m.createdAt = Instant.now();
        m.updatedAt = m.createdAt;
        m.persist();
        PartialMatchEntity.update("status = ?1, resolvedAt = ?2 where firmId = ?3 and xpmId = ?4 and status = ?5",
                PartialMatchEntity.SUPERSEDED, Instant.now(), firmId, m.xpmId, PartialMatchEntity.OPEN);
        List<AgreedField> base = allAgreed(xpm, karbonAfter, m.createdAt);
        bases.agreed(m, base);
        publish(m, syncRunId, base.isEmpty() ? null : base);
        history.mapped(m, syncRunId, method, by, written, method == MatchMethod.CREATED_IN_XPM ? null
                : KarbonLengths.shortened(xpm, wrote(written, "Physical address"), wrote(written, "Postal address")));
        return m;
    }

    /** A mapping created from a push (the XPM record came from Karbon): no XPM snapshot yet, only the hash. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MappingEntity createFromPush(String firmId, UUID syncRunId, ContactRef xpm, ContactRef karbon,
                                        String pushedHash, List<FieldChange> written, List<AgreedField> agreed) {
        MappingEntity m = new MappingEntity();
        m.id = UUID.randomUUID();
        m.firmId = firmId;
        m.xpmId = xpm.id();
        m.xpmKind = xpm.kind().name();
        m.karbonKey = karbon.id();
        m.karbonKind = karbon.kind().name();
        m.state = MappingState.ACTIVE.name();
        m.method = MatchMethod.CREATED_IN_XPM.name();
        m.xpmName = "";
        m.karbonName = "";
        m.syncedHash = pushedHash;
        m.createdAt = Instant.now();
        m.updatedAt = m.createdAt;
        m.persist();
        List<AgreedField> base = agreed == null ? List.of() : agreed;
        bases.agreed(m, base);
        publish(m, syncRunId, base.isEmpty() ? null : base);
        history.mapped(m, syncRunId, MatchMethod.CREATED_IN_XPM, null, written == null ? List.of() : written);
        return m;
    }

    /** The XPM record was written to Karbon again (or found equal): its latest state and the agreed hash. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void synced(MappingEntity m, UUID syncRunId, ContactSnapshot xpm, String karbonName, boolean publish) {
        boolean reactivated = !MappingState.ACTIVE.name().equals(m.state);
        m.state = MappingState.ACTIVE.name();
        m.xpmName = xpm.name();
        if (karbonName != null) {
            m.karbonName = karbonName;
        }
        boolean hashChanged = xpm.contentHash() != null && !xpm.contentHash().equals(m.syncedHash);
        m.lastXpm = write(xpm);
        m.syncedHash = xpm.contentHash();
        m.updatedAt = Instant.now();
        if (publish || reactivated || hashChanged) {
            publish(m, syncRunId);
        }
        if (reactivated) {
            history.stateChanged(m, syncRunId, MappingState.ACTIVE, null);
        }
    }

    /**
     * A prospect converted to a client in XPM, which gives the client a new UUID: the prospect's mapping (whatever its
     * state but removed) now names the client and is active, its base, conflicts and history kept with it; nothing is
     * created in Karbon and no mapping is left behind. Empty when the prospect has no mapping.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<MappingEntity> convertedFromProspect(String firmId, UUID syncRunId, ContactRef prospect,
                                                         ContactRef client) {
        Optional<MappingEntity> found = MappingEntity.ofXpm(firmId, prospect.id());
        found.ifPresent(m -> {
            m.xpmId = client.id();
            m.xpmKind = client.kind().name();
            m.state = MappingState.ACTIVE.name();
            m.updatedAt = Instant.now();
            PartialMatchEntity.update("status = ?1, resolvedAt = ?2 where firmId = ?3 and xpmId = ?4 and status = ?5",
                    PartialMatchEntity.SUPERSEDED, m.updatedAt, firmId, m.xpmId, PartialMatchEntity.OPEN);
            Map<SyncedField, AgreedField> base = bases.of(m.id);
            publish(m, syncRunId, base.isEmpty() ? null : List.copyOf(base.values()));
            history.convertedFromProspect(m, syncRunId, prospect.id(), client.id());
        });
        return found;
    }

    /** The state changes (archived or deleted in XPM, removed by a person): published if it really changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean changeState(MappingEntity m, UUID syncRunId, MappingState state) {
        return changeState(m, syncRunId, state, null);
    }

    private boolean changeState(MappingEntity m, UUID syncRunId, MappingState state, String by) {
        if (state.name().equals(m.state)) {
            return false;
        }
        m.state = state.name();
        m.updatedAt = Instant.now();
        if (state == MappingState.REMOVED) {
            // a removed mapping has no base, and its open conflicts close with it
            bases.forget(m.id);
            FieldConflictEntity.update("status = ?1, resolvedAt = ?2 where mappingId = ?3 and status = ?4",
                    FieldConflictEntity.RESOLVED, m.updatedAt, m.id, FieldConflictEntity.OPEN);
        }
        publish(m, syncRunId);
        history.stateChanged(m, syncRunId, state, by);
        return true;
    }

    /**
     * Remove Match: the records become unmapped; the XPM record is classified afresh when it next changes.
     * {@code by}: who removed it, for the contact's timeline.
     */
    @Transactional
    public MappingEntity remove(String firmId, UUID mappingId, String by) {
        MappingEntity m = MappingEntity.findById(mappingId);
        if (m == null || !m.firmId.equals(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " has no mapping " + mappingId);
        }
        if (!changeState(m, null, MappingState.REMOVED, by)) {
            throw new ApiProblem(409, "Mapping " + mappingId + " was already removed");
        }
        return m;
    }

    /**
     * The Karbon Organizations mapped to the clients an XPM contact belongs to, in the contact's order (none for a
     * client record, or while its clients are not in Karbon yet).
     */
    public List<String> karbonOrganizationsOf(String firmId, ContactSnapshot xpm) {
        if (xpm.ref().kind() != ContactKind.XPM_CONTACT) {
            return List.of();
        }
        return xpm.links().stream()
                .map(client -> MappingEntity.ofXpm(firmId, client.id()))
                .flatMap(Optional::stream)
                .filter(mapping -> ContactKind.KARBON_ORGANIZATION.name().equals(mapping.karbonKind))
                .map(mapping -> mapping.karbonKey)
                .distinct().toList();
    }

    public ContactSnapshot lastXpm(MappingEntity m) {
        if (m.lastXpm == null) {
            return null;
        }
        try {
            return json.readValue(m.lastXpm, ContactSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mapping " + m.id + " holds an unreadable XPM snapshot", e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored JSON for " + type.getSimpleName(), e);
        }
    }

    private void publish(MappingEntity m, UUID syncRunId) {
        publish(m, syncRunId, null);
    }

    private void publish(MappingEntity m, UUID syncRunId, List<AgreedField> agreed) {
        outbox.append(new MappingConfirmed(UUID.randomUUID(), m.firmId, Instant.now(), EventType.SCHEMA_VERSION,
                syncRunId, m.id, m.xpmRef(), m.karbonRef(), MappingState.valueOf(m.state), MatchMethod.valueOf(m.method),
                m.syncedHash, agreed));
    }
}
