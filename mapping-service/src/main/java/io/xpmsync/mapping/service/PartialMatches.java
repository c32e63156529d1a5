package io.xpmsync.mapping.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchCandidate;
import io.xpmsync.contracts.events.MatchMethod;
import io.xpmsync.mapping.karbon.KarbonWriter;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.persistence.PartialMatchEntity;
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
import java.util.UUID;

/**
 * Resolve Partial Matches: each open partial with its ranked candidates and their evidence; a person confirms one
 * candidate (its Karbon contact takes the XPM record's fields that differ, and the two are mapped) or creates a new
 * Karbon contact for the XPM record. Two people resolving the same partial at once: the first holds its row and wins,
 * the other gets 409 at once.
 */
@ApplicationScoped
public class PartialMatches {

    private static final TypeReference<List<MatchCandidate>> CANDIDATES = new TypeReference<>() {
    };

    /** A partial match as the screen shows it. */
    public record View(UUID id, ContactSnapshot xpmRecord, String reason, List<MatchCandidate> candidates,
                       String status, String resolution, Instant createdAt, Instant resolvedAt, UUID syncRunId) {
    }

    /** One page of open partial matches. */
    public record PageView(List<View> items, long total, int page, int size) {
    }

    private final EntityManager em;
    private final Mappings mappings;
    private final MatchHandler matches;
    private final KarbonWriter karbon;
    private final ObjectMapper json = new ObjectMapper().registerModule(
            new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    PartialMatches(EntityManager em, Mappings mappings, MatchHandler matches, KarbonWriter karbon) {
        this.em = em;
        this.mappings = mappings;
        this.matches = matches;
        this.karbon = karbon;
    }

    @Transactional
    public PageView open(String firmId, int page, int size) {
        var query = PartialMatchEntity.<PartialMatchEntity>find("firmId = ?1 and status = ?2 order by xpmName, id",
                firmId, PartialMatchEntity.OPEN);
        List<View> items = query.page(Page.of(page, size)).list().stream().map(this::view).toList();
        return new PageView(items, query.count(), page, size);
    }

    @Transactional
    public View get(String firmId, UUID id) {
        return view(find(firmId, id));
    }

    /**
     * Confirms a candidate: 400 if the key is not one of them, 409 if it is gone, mapped elsewhere or resolved.
     * {@code by}: the person, for the contact's timeline.
     */
    @Transactional
    public MappingEntity confirm(String firmId, UUID id, String karbonKey, String by) {
        PartialMatchEntity partial = lock(firmId, id);
        List<MatchCandidate> candidates = candidates(partial);
        MatchCandidate chosen = candidates.stream().filter(c -> c.karbonRef().id().equals(karbonKey)).findFirst()
                .orElseThrow(() -> new ApiProblem(400, "Karbon contact '" + Problems.echo(karbonKey) + "' is not a candidate of"
                        + " partial match " + id + "; candidates: " + candidates.stream().map(c -> c.karbonRef().id())
                        .toList()));
        ContactRef target = chosen.karbonRef();
        MappingEntity.ofKarbon(firmId, target.id()).ifPresent(m -> {
            throw new ApiProblem(409, "Karbon contact " + target.id() + " is already mapped to XPM record " + m.xpmId
                    + "; remove that match first");
        });
        if (!karbon.exists(firmId, target)) {
            throw new ApiProblem(409, "Karbon contact " + target.id() + " no longer exists; choose another or create"
                    + " a new contact");
        }
        ContactSnapshot xpm = xpm(partial);
        KarbonWriter.Written written = karbon.update(firmId, target, xpm, null,
                mappings.karbonOrganizationsOf(firmId, xpm));
        resolve(partial, "CONFIRMED");
        return mappings.create(firmId, partial.syncRunId, xpm, target, written.name(), MatchMethod.CONFIRMED_BY_USER,
                by, written.changes(), written.karbonAfter());
    }

    /** Create New: a Karbon contact is created from the XPM record by the same rules as a NEW verdict, by a person. */
    @Transactional
    public MappingEntity createNew(String firmId, UUID id, String by) {
        PartialMatchEntity partial = lock(firmId, id);
        resolve(partial, "CREATED_NEW");
        return matches.created(firmId, partial.syncRunId, xpm(partial), MatchMethod.CREATED_BY_USER, by);
    }

    private PartialMatchEntity lock(String firmId, UUID id) {
        PartialMatchEntity partial = find(firmId, id);
        try {
            em.lock(partial, LockModeType.PESSIMISTIC_WRITE, java.util.Map.of("jakarta.persistence.lock.timeout", 0));
            em.refresh(partial);
        } catch (PessimisticLockException | LockAcquisitionException | jakarta.persistence.LockTimeoutException e) {
            throw new ApiProblem(409, "Partial match " + id + " is being resolved by someone else");
        }
        if (!PartialMatchEntity.OPEN.equals(partial.status)) {
            throw new ApiProblem(409, "Partial match " + id + " was already resolved (" + partial.status
                    + (partial.resolution == null ? "" : ", " + partial.resolution) + ")");
        }
        if (MappingEntity.ofXpm(firmId, partial.xpmId).isPresent()) {
            throw new ApiProblem(409, "XPM record " + partial.xpmId + " is already mapped");
        }
        return partial;
    }

    private void resolve(PartialMatchEntity partial, String resolution) {
        partial.status = PartialMatchEntity.RESOLVED;
        partial.resolution = resolution;
        partial.resolvedAt = Instant.now();
        partial.version++;
    }

    private PartialMatchEntity find(String firmId, UUID id) {
        PartialMatchEntity partial = PartialMatchEntity.findById(id);
        if (partial == null || !partial.firmId.equals(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " has no partial match " + id);
        }
        return partial;
    }

    private View view(PartialMatchEntity p) {
        return new View(p.id, xpm(p), p.reason, candidates(p), p.status, p.resolution, p.createdAt, p.resolvedAt,
                p.syncRunId);
    }

    private ContactSnapshot xpm(PartialMatchEntity p) {
        return mappings.read(p.xpmRecord, ContactSnapshot.class);
    }

    private List<MatchCandidate> candidates(PartialMatchEntity p) {
        try {
            return json.readValue(p.candidates, CANDIDATES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("partial match " + p.id + " holds unreadable candidates", e);
        }
    }
}
