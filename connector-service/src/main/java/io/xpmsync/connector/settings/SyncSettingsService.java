package io.xpmsync.connector.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.connector.persistence.SyncSettingsEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Problems;
import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.contracts.events.SyncSettings;
import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.messaging.ForgottenFirms;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Contact Sync Settings (the seed's "Configure the integration"): what comes from XPM (Clients only, or Clients and
 * Contacts), the Contact Type given to contacts created in Karbon, the Contact Types pushed to XPM (none: nothing
 * is pushed), the firm's own business structures whose clients become a Person (beside Individual and Sole
 * Trader), and the firm's conflict policy: what decides when the same synced field of a mapped contact changed in
 * XPM and in Karbon to different values (a person, unless the firm chose otherwise). The published settings also
 * carry the practice's country, in which phone numbers are read. Every change, and every connect and disconnect, is
 * published as {@code SyncSettingsChanged} on the compacted settings topic through the outbox, in the transaction
 * that made it.
 */
@ApplicationScoped
public class SyncSettingsService {

    /**
     * What a firm has before it saves any: clients only, new contacts typed "Client", nothing pushed, a person
     * decides conflicts.
     */
    public static final SyncSettings DEFAULT = new SyncSettings(SyncScope.CLIENTS_ONLY, "Client", List.of(), false,
            List.of(), null, ConflictPolicy.ASK);
    /** The conflict policies a firm may choose, each with its words, as a refusal names them. */
    private static final String POLICIES = Stream.of(ConflictPolicy.values())
            .map(p -> p.name() + " (" + p.words() + ")").collect(Collectors.joining(", "));
    private static final int MAX_TYPE_LENGTH = 100;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /**
     * A request to change the settings, as the Edit form sends it. {@code personStructures} may be absent (none);
     * {@code conflictPolicy} may be absent, and then the firm keeps the policy it has (a person decides, for a firm
     * that has none yet).
     */
    public record Request(String scope, String newContactType, List<String> pushedContactTypes,
                          List<String> personStructures, String conflictPolicy) {
    }

    /** The settings as the REST API shows them. */
    public record View(String firmId, SyncScope scope, String newContactType, List<String> pushedContactTypes,
                       List<String> personStructures, ConflictPolicy conflictPolicy, boolean xpmConnected,
                       Instant updatedAt) {
    }

    private static final int MAX_PERSON_STRUCTURES = 20;

    private final Outbox outbox;
    private final ForgottenFirms forgotten;
    private final ObjectMapper json = new ObjectMapper();

    SyncSettingsService(Outbox outbox, ForgottenFirms forgotten) {
        this.outbox = outbox;
        this.forgotten = forgotten;
    }

    @Transactional
    public View get(String firmId) {
        SyncSettingsEntity row = SyncSettingsEntity.findById(firmId);
        SyncSettings s = settings(firmId);
        return new View(firmId, s.scope(), s.newContactType(), s.pushedContactTypes(), s.personStructures(),
                s.policy(), s.xpmConnected(), row == null ? null : row.updatedAt);
    }

    /**
     * Validates, stores and publishes new settings.
     *
     * @return the settings before the change and after it
     */
    @Transactional
    public SyncSettings[] put(String firmId, Request request) {
        if (request == null) {
            throw new ApiProblem(400, "the body must be the settings: scope, newContactType, pushedContactTypes");
        }
        SyncScope scope = scope(request.scope());
        String newType = type(request.newContactType(), "newContactType");
        List<String> pushed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> requested = request.pushedContactTypes() == null ? List.of() : request.pushedContactTypes();
        for (int i = 0; i < requested.size(); i++) {
            String type = type(requested.get(i), "pushedContactTypes[" + i + "]");
            if (!seen.add(type.toLowerCase(Locale.ROOT))) {
                throw new ApiProblem(400, "pushedContactTypes lists '" + type + "' twice", "pushedContactTypes[" + i + "]");
            }
            pushed.add(type);
        }
        List<String> structures = personStructures(request.personStructures());
        ConflictPolicy chosen = conflictPolicy(request.conflictPolicy());
        SyncSettings before = settings(firmId);
        SyncSettingsEntity row = SyncSettingsEntity.findById(firmId);
        if (row == null) {
            row = new SyncSettingsEntity();
            row.firmId = firmId;
        }
        row.scope = scope.name();
        row.newContactType = newType;
        row.pushedContactTypes = write(pushed);
        row.personStructures = write(structures);
        row.conflictPolicy = (chosen == null ? before.policy() : chosen).name();
        row.updatedAt = Instant.now();
        row.persist();
        publish(firmId, before.xpmConnected());
        return new SyncSettings[]{before, settings(firmId)};
    }

    /** Publishes the firm's settings as they are now, with whether it is connected. Joins the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String firmId, boolean connected) {
        // a firm that was forgotten and connects or saves settings again is back
        forgotten.readmit(firmId);
        SyncSettings s = settings(firmId);
        outbox.append(new SyncSettingsChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                new SyncSettings(s.scope(), s.newContactType(), s.pushedContactTypes(), connected,
                        s.personStructures(), s.region(), s.policy())));
    }

    /**
     * Tells every service that the firm asked to be forgotten: its default settings, not connected, marked forgotten
     * (on the compacted topic, the firm's latest record). Joins the caller's transaction, after the firm's own rows
     * here are gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishForgotten(String firmId) {
        outbox.append(new SyncSettingsChanged(UUID.randomUUID(), firmId, Instant.now(), EventType.SCHEMA_VERSION, null,
                new SyncSettings(DEFAULT.scope(), DEFAULT.newContactType(), DEFAULT.pushedContactTypes(), false,
                        DEFAULT.personStructures(), null, DEFAULT.policy()),
                true));
    }

    /** The firm's settings now, defaults if it saved none. */
    @Transactional
    public SyncSettings settings(String firmId) {
        SyncSettingsEntity row = SyncSettingsEntity.findById(firmId);
        XpmConnectionEntity connection = XpmConnectionEntity.findById(firmId);
        String region = connection == null ? null : connection.country;
        if (row == null) {
            return new SyncSettings(DEFAULT.scope(), DEFAULT.newContactType(), DEFAULT.pushedContactTypes(),
                    connection != null, DEFAULT.personStructures(), region, DEFAULT.policy());
        }
        return new SyncSettings(SyncScope.valueOf(row.scope), row.newContactType, read(row.pushedContactTypes),
                connection != null, read(row.personStructures), region, ConflictPolicy.valueOf(row.conflictPolicy));
    }

    /** The firm's own person structures: each named once (compared as structures are), at most 20. */
    private static List<String> personStructures(List<String> requested) {
        List<String> structures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> names = requested == null ? List.of() : requested;
        if (names.size() > MAX_PERSON_STRUCTURES) {
            throw new ApiProblem(400, "personStructures lists " + names.size() + " structures; at most "
                    + MAX_PERSON_STRUCTURES, "personStructures");
        }
        for (int i = 0; i < names.size(); i++) {
            String field = "personStructures[" + i + "]";
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new ApiProblem(400, field + " must name an XPM business structure", field);
            }
            if (name.strip().length() > MAX_TYPE_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
                throw new ApiProblem(400, field + " must be at most " + MAX_TYPE_LENGTH + " printable characters",
                        field);
            }
            if (!seen.add(BusinessStructures.normalise(name))) {
                throw new ApiProblem(400, "personStructures lists '" + name.strip() + "' twice", field);
            }
            structures.add(name.strip().replaceAll("\\s+", " "));
        }
        return structures;
    }

    private static SyncScope scope(String value) {
        if (value == null || value.isBlank()) {
            throw new ApiProblem(400, "scope is required: CLIENTS_ONLY or CLIENTS_AND_CONTACTS", "scope");
        }
        try {
            return SyncScope.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "scope must be CLIENTS_ONLY or CLIENTS_AND_CONTACTS, not '" + Problems.echo(value) + "'",
                    "scope");
        }
    }

    /** The conflict policy a request names, read as a scope is (any case, trimmed); null when it names none. */
    private static ConflictPolicy conflictPolicy(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ConflictPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "conflictPolicy must be one of " + POLICIES + ", not '" + Problems.echo(value) + "'",
                    "conflictPolicy");
        }
    }

    private static String type(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ApiProblem(400, field + " must name a Karbon Contact Type", field);
        }
        String type = value.strip();
        if (type.length() > MAX_TYPE_LENGTH || type.chars().anyMatch(Character::isISOControl)) {
            throw new ApiProblem(400, field + " must be at most " + MAX_TYPE_LENGTH + " printable characters", field);
        }
        return type;
    }

    private String write(List<String> types) {
        try {
            return json.writeValueAsString(types);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> read(String types) {
        try {
            return json.readValue(types, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not a JSON array: " + types, e);
        }
    }
}
