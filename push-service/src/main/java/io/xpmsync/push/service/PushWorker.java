package io.xpmsync.push.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmSnapshots;
import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.push.config.PushConfig;
import io.xpmsync.push.xpm.XpmProjection;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.Poller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pushes queued Karbon changes to XPM by the seed's rules, each in the latest state of its contact once the
 * coalescing window has passed:
 * <ul>
 *   <li>nothing is pushed while no Contact Type is selected (or the firm is not connected), nor a change made in
 *       Karbon before the firm connected (it was made while nothing was pushed; its next change is);</li>
 *   <li>an Organization is pushed when its Contact Type is selected: created in XPM when unmapped (unless it is a
 *       candidate of an open partial match), updated when mapped;</li>
 *   <li>a Person only when a business card links it to an Organization that is itself synced (mapped to an XPM client
 *       and of a selected type), as a contact of that client; other people never;</li>
 *   <li>the name, the email, and only the first address and the first phone number go to XPM;</li>
 *   <li>a write happens only when those fields differ from what XPM holds as far as we know, so an XPM change that
 *       echoes back from Karbon causes no XPM write.</li>
 * </ul>
 * Every outcome is published as {@code ContactPushed} through the outbox. A transient fault (rate limit, budget,
 * 5xx) puts the change back with backoff; a permanent one (XPM {@code Status ERROR}, validation) is published as
 * FAILED, kept for the push-status API and sent to the dead-letter topic with its reason. Firms never wait for each
 * other: every change is its own unit. XPM takes no idempotency key, so a create is noted before the call: an attempt
 * after a crash first looks for the record the interrupted one made (one {@code modifiedsince} list call).
 */
@ApplicationScoped
public class PushWorker {

    private static final Logger LOG = Logger.getLogger(PushWorker.class);
    static final String SOURCE = "/xpm-sync/push-service";

    /** The change taken from the queue. */
    /** A Karbon change due to be pushed; {@code changedAt} is when it was made in Karbon (null: not known). */
    record Queued(String firmId, String karbonKey, ContactSnapshot snapshot, UUID sourceEventId, String payload,
                  int attempts, Instant changedAt) {
    }

    /** What to do with it; {@code waitFor} set: put back until the mapping of that XPM record is known. */
    record Decision(PushOutcome skipOrUnchanged, String reason, String xpmId, String clientUuid, boolean person,
                    String waitFor) {
        Decision(PushOutcome skipOrUnchanged, String reason, String xpmId, String clientUuid, boolean person) {
            this(skipOrUnchanged, reason, xpmId, clientUuid, person, null);
        }

        static Decision skip(String reason) {
            return new Decision(PushOutcome.SKIPPED, reason, null, null, false);
        }
    }

    private final EntityManager em;
    private final PushViews views;
    private final XpmApi xpm;
    private final Outbox outbox;
    private final PushConfig config;
    private final MutinyEmitter<String> deadLetters;
    private final ExecutorService pool;
    private volatile boolean stopping;
    private Poller poller;

    PushWorker(EntityManager em, PushViews views, XpmApi xpm, Outbox outbox, PushConfig config,
               @Channel("push-dead-letters") MutinyEmitter<String> deadLetters) {
        this.em = em;
        this.views = views;
        this.xpm = xpm;
        this.outbox = outbox;
        this.config = config;
        this.deadLetters = deadLetters;
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "xpm-sync-push");
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("push-worker", Duration.ofSeconds(1), config.worker().every(), this::work);
    }

    void work() {
        for (List<Queued> due = stopping ? List.of() : claim(); !due.isEmpty(); due = stopping ? List.of() : claim()) {
            // Changes of different contacts (and firms) go out side by side; each practice's budget still caps its
            // own calls, so a busy firm waits for itself and never for the others.
            CompletableFuture.allOf(due.stream().map(q -> CompletableFuture.runAsync(() -> pushSafely(q), pool))
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (poller != null) {
            poller.close();
        }
        pool.shutdownNow();
    }

    private void pushSafely(Queued q) {
        try {
            push(q);
        } catch (RuntimeException e) {
            LOG.errorf(e, "firm %s: push of %s failed unexpectedly; it is tried again", q.firmId(), q.karbonKey());
            retryLater(q, "internal error: " + e.getMessage());
        }
    }

    /** Takes due changes, leasing them for a minute so another instance does not take them too. */
    @Transactional
    List<Queued> claim() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE pending_push SET due_at = ?1 WHERE (firm_id, karbon_key) IN"
                        + " (SELECT firm_id, karbon_key FROM pending_push WHERE due_at <= ?2 ORDER BY due_at LIMIT ?3"
                        + " FOR UPDATE SKIP LOCKED) RETURNING firm_id, karbon_key, snapshot, source_event_id, source_payload,"
                        + " attempts, changed_at")
                .setParameter(1, Instant.now().plusSeconds(60)).setParameter(2, Instant.now())
                .setParameter(3, config.batchSize()).getResultList();
        return rows.stream().map(r -> new Queued((String) r[0], (String) r[1], views.read((String) r[2]), (UUID) r[3],
                (String) r[4], ((Number) r[5]).intValue(), PushViews.instant(r[6]))).toList();
    }

    void push(Queued q) {
        Decision decision = decide(q);
        if (decision.waitFor() != null) {
            if (q.attempts() + 1 < config.maxAttempts()) {
                retryLater(q, "waiting for the mapping of XPM record " + decision.waitFor());
            } else {
                done(q, PushOutcome.SKIPPED, "XPM record " + decision.waitFor() + " already holds these values and"
                        + " is not mapped yet; not creating a duplicate", null, null, null);
            }
            return;
        }
        if (decision.skipOrUnchanged() != null) {
            done(q, decision.skipOrUnchanged(), decision.reason(), decision.xpmId() == null ? null
                    : ref(decision.xpmId(), decision.person()), null, null);
            return;
        }
        boolean intentOfThisAttempt = false;
        try {
            Optional<Instant> earlier = decision.xpmId() == null ? beginCreate(q) : Optional.empty();
            intentOfThisAttempt = decision.xpmId() == null && earlier.isEmpty();
            if (decision.person()) {
                XpmContact written = decision.xpmId() != null
                        ? xpm.updateContact(q.firmId(), decision.xpmId(), decision.clientUuid(),
                        XpmProjection.contact(null, null, q.snapshot()))
                        : earlier.flatMap(since -> madeContact(q, decision.clientUuid(), since))
                        .orElseGet(() -> xpm.addContact(q.firmId(),
                                XpmProjection.contact(null, decision.clientUuid(), q.snapshot())));
                ContactSnapshot holds = XpmSnapshots.contact(written, decision.clientUuid());
                done(q, decision.xpmId() == null ? PushOutcome.CREATED : PushOutcome.UPDATED, null,
                        ContactRef.xpmContact(written.uuid()), holds, null);
            } else {
                XpmClient written = decision.xpmId() != null
                        ? xpm.updateClient(q.firmId(), XpmProjection.client(decision.xpmId(), q.snapshot()))
                        : earlier.flatMap(since -> madeClient(q, since))
                        .orElseGet(() -> xpm.addClient(q.firmId(), XpmProjection.client(null, q.snapshot())));
                ContactSnapshot holds = XpmSnapshots.client(written);
                done(q, decision.xpmId() == null ? PushOutcome.CREATED : PushOutcome.UPDATED, null,
                        ContactRef.xpmClient(written.uuid()), holds, null);
            }
        } catch (XpmBudgetExhaustedException e) {
            // Waiting for the practice's allowance is not a failed attempt: the push goes when the allowance has room.
            // A create this attempt began was not sent (no call was made), so the next attempt need not look for it.
            waitForBudget(q, e, intentOfThisAttempt);
        } catch (XpmException e) {
            if (e.retryable() && q.attempts() + 1 < config.maxAttempts()) {
                retryLater(q, e.getMessage());
            } else {
                done(q, PushOutcome.FAILED, e.getMessage(), decision.xpmId() == null ? null
                        : ref(decision.xpmId(), decision.person()), null, e.getMessage());
            }
        }
    }

    @Transactional
    Decision decide(Queued q) {
        List<String> types = views.pushedTypes(q.firmId());
        if (types.isEmpty()) {
            return Decision.skip("no Contact Type is selected for pushing to XPM (or the firm is not connected)");
        }
        Optional<Instant> connectedAt = views.connectedAt(q.firmId());
        if (q.changedAt() != null && connectedAt.isPresent() && q.changedAt().isBefore(connectedAt.get())) {
            return Decision.skip("changed in Karbon before the firm connected XPM, while nothing was pushed; it is"
                    + " pushed when it next changes");
        }
        ContactSnapshot s = q.snapshot();
        String projection = XpmProjection.hash(s);
        if (s.ref().kind() == ContactKind.KARBON_ORGANIZATION) {
            if (!PushViews.typeIn(s.contactType(), types)) {
                return Decision.skip("Contact Type '" + s.contactType() + "' is not among the types pushed to XPM");
            }
            Optional<PushViews.Mapping> mapping = views.mappingOf(q.firmId(), q.karbonKey())
                    .filter(m -> ContactKind.XPM_CLIENT.name().equals(m.xpmKind()));
            if (mapping.isPresent() && !"ACTIVE".equals(mapping.get().state())) {
                return Decision.skip("its XPM client is " + mapping.get().state().toLowerCase().replace('_', ' '));
            }
            String xpmId = mapping.map(PushViews.Mapping::xpmId).orElse(null);
            if (xpmId != null && views.xpmProjection(q.firmId(), xpmId).filter(projection::equals).isPresent()) {
                return new Decision(PushOutcome.UNCHANGED, null, xpmId, null, false);
            }
            if (xpmId == null) {
                Optional<Decision> held = heldForPartial(q);
                if (held.isPresent()) {
                    return held.get();
                }
                Optional<String> twin = createdFrom(q, projection);
                if (twin.isPresent()) {
                    return new Decision(null, null, null, null, false, twin.get());
                }
            }
            return new Decision(null, null, xpmId, null, false);
        }
        Optional<String> client = s.links().stream()
                .filter(org -> PushViews.typeIn(views.contactTypeOf(q.firmId(), org.id()).orElse(null), types))
                .map(org -> views.mappingOf(q.firmId(), org.id()))
                .flatMap(Optional::stream)
                .filter(m -> ContactKind.XPM_CLIENT.name().equals(m.xpmKind()) && "ACTIVE".equals(m.state()))
                .map(PushViews.Mapping::xpmId)
                .findFirst();
        if (client.isEmpty()) {
            return Decision.skip("a Person is pushed only when a business card links it to an Organization synced"
                    + " with XPM");
        }
        String xpmId = views.mappingOf(q.firmId(), q.karbonKey())
                .filter(m -> ContactKind.XPM_CONTACT.name().equals(m.xpmKind())).map(PushViews.Mapping::xpmId)
                .orElse(null);
        if (xpmId != null && views.xpmProjection(q.firmId(), xpmId).filter(projection::equals).isPresent()) {
            return new Decision(PushOutcome.UNCHANGED, null, xpmId, client.get(), true);
        }
        if (xpmId == null) {
            Optional<Decision> held = heldForPartial(q);
            if (held.isPresent()) {
                return held.get();
            }
            Optional<String> twin = createdFrom(q, projection);
            if (twin.isPresent()) {
                return new Decision(null, null, null, client.get(), true, twin.get());
            }
        }
        return new Decision(null, null, xpmId, client.get(), true);
    }

    /**
     * The unmapped XPM record this unmapped Karbon contact was created from, if it looks so: remembered from an
     * earlier change (the contact may have changed again before its MappingConfirmed arrived), or an XPM record
     * holding exactly these values that no mapping claims yet (remembered from now on).
     */
    private Optional<String> createdFrom(Queued q, String projection) {
        Optional<String> remembered = views.awaitedMapping(q.firmId(), q.karbonKey());
        if (remembered.isPresent()) {
            return remembered;
        }
        Optional<String> twin = views.unmappedXpmWith(q.firmId(), projection);
        twin.ifPresent(xpmId -> views.createdFrom(q.firmId(), q.karbonKey(), xpmId));
        return twin;
    }

    /**
     * An unmapped Karbon contact that is a candidate of an open partial match is not created in XPM: a person is about
     * to say whether it is that XPM record (created now, confirming the match would find it mapped elsewhere and XPM
     * would hold it twice). Its next change after the partial is resolved is pushed.
     */
    private Optional<Decision> heldForPartial(Queued q) {
        return views.openPartialWith(q.firmId(), q.karbonKey()).map(xpm -> Decision.skip("it is a candidate of the"
                + " open partial match for XPM record " + xpm + "; resolve it in Resolve Partial Matches first"));
    }

    /** Records the outcome: ContactPushed through the outbox; what XPM holds now; the queue row done. */
    @Transactional
    void done(Queued q, PushOutcome outcome, String reason, ContactRef xpmRef, ContactSnapshot holds, String failure) {
        String pushedHash = holds == null ? null : holds.contentHash();
        if (holds != null) {
            views.xpmHolds(q.firmId(), xpmRef.id(), XpmProjection.hash(holds));
            if (outcome == PushOutcome.CREATED) {
                views.mapped(q.firmId(), q.karbonKey(), xpmRef, "ACTIVE");
            }
        }
        outbox.append(new ContactPushed(UUID.randomUUID(), q.firmId(), Instant.now(), EventType.SCHEMA_VERSION, null,
                q.sourceEventId(), q.snapshot().ref(), xpmRef, outcome, reason, pushedHash));
        if (failure != null) {
            em.createNativeQuery("INSERT INTO push_failure (id, firm_id, karbon_key, source_event_id, reason, failed_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, now())").setParameter(1, UUID.randomUUID())
                    .setParameter(2, q.firmId()).setParameter(3, q.karbonKey()).setParameter(4, q.sourceEventId())
                    .setParameter(5, failure).executeUpdate();
            deadLetter(q, failure);
            LOG.warnf("firm %s: push of %s failed: %s", q.firmId(), q.karbonKey(), failure);
        }
        finish(q);
    }

    /**
     * Notes a create before the call, in its own transaction; answers when an earlier attempt began one, if it did
     * (this attempt may follow a crash after XPM made the record).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Optional<Instant> beginCreate(Queued q) {
        @SuppressWarnings("unchecked")
        List<Object> earlier = em.createNativeQuery("SELECT started_at FROM push_intent WHERE firm_id = ?1"
                + " AND karbon_key = ?2").setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).getResultList();
        if (!earlier.isEmpty()) {
            Object at = earlier.get(0);
            return Optional.of(at instanceof Instant i ? i : ((java.sql.Timestamp) at).toInstant());
        }
        em.createNativeQuery("INSERT INTO push_intent (firm_id, karbon_key, started_at) VALUES (?1, ?2, now())")
                .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
        return Optional.empty();
    }

    /** The client an interrupted attempt made: modified since it began and holding exactly these pushed values. */
    private Optional<XpmClient> madeClient(Queued q, Instant since) {
        String projection = XpmProjection.hash(q.snapshot());
        return xpm.listClients(q.firmId(), since.minusSeconds(60)).stream()
                .filter(c -> XpmProjection.hash(XpmSnapshots.client(c)).equals(projection)).findFirst();
    }

    private Optional<XpmContact> madeContact(Queued q, String clientUuid, Instant since) {
        String projection = XpmProjection.hash(q.snapshot());
        return xpm.listClients(q.firmId(), since.minusSeconds(60)).stream()
                .filter(c -> c.uuid().equalsIgnoreCase(clientUuid)).flatMap(c -> c.contacts().stream())
                .filter(c -> XpmProjection.hash(XpmSnapshots.contact(c, clientUuid)).equals(projection)).findFirst();
    }

    @Transactional
    void waitForBudget(Queued q, XpmBudgetExhaustedException e, boolean forgetIntent) {
        if (forgetIntent) {
            em.createNativeQuery("DELETE FROM push_intent WHERE firm_id = ?1 AND karbon_key = ?2")
                    .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
        }
        Instant due = e.availableAt() == null || e.availableAt().isBefore(Instant.now().plusMillis(100))
                ? Instant.now().plusMillis(100) : e.availableAt();
        em.createNativeQuery("UPDATE pending_push SET last_error = ?1, due_at = ?2"
                        + " WHERE firm_id = ?3 AND karbon_key = ?4 AND source_event_id = ?5")
                .setParameter(1, e.getMessage()).setParameter(2, due).setParameter(3, q.firmId())
                .setParameter(4, q.karbonKey()).setParameter(5, q.sourceEventId()).executeUpdate();
    }

    @Transactional
    void retryLater(Queued q, String error) {
        long backoff = Math.min(60_000, 500L << Math.min(q.attempts(), 7));
        em.createNativeQuery("UPDATE pending_push SET attempts = attempts + 1, last_error = ?1, due_at = ?2"
                        + " WHERE firm_id = ?3 AND karbon_key = ?4 AND source_event_id = ?5")
                .setParameter(1, error).setParameter(2, Instant.now().plusMillis(backoff)).setParameter(3, q.firmId())
                .setParameter(4, q.karbonKey()).setParameter(5, q.sourceEventId()).executeUpdate();
    }

    /** The row goes, unless a newer change of the contact arrived meanwhile: that one is due now. */
    private void finish(Queued q) {
        em.createNativeQuery("DELETE FROM push_intent WHERE firm_id = ?1 AND karbon_key = ?2")
                .setParameter(1, q.firmId()).setParameter(2, q.karbonKey()).executeUpdate();
        int deleted = em.createNativeQuery("DELETE FROM pending_push WHERE firm_id = ?1 AND karbon_key = ?2"
                        + " AND source_event_id = ?3").setParameter(1, q.firmId()).setParameter(2, q.karbonKey())
                .setParameter(3, q.sourceEventId()).executeUpdate();
        if (deleted == 0) {
            em.createNativeQuery("UPDATE pending_push SET due_at = ?1 WHERE firm_id = ?2 AND karbon_key = ?3")
                    .setParameter(1, Instant.now()).setParameter(2, q.firmId()).setParameter(3, q.karbonKey())
                    .executeUpdate();
        }
    }

    private void deadLetter(Queued q, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-cause", "push to XPM failed".getBytes(StandardCharsets.UTF_8));
        deadLetters.sendMessageAndForget(Message.of(q.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(q.firmId()).withHeaders(headers).build()));
    }

    private static ContactRef ref(String xpmId, boolean person) {
        return person ? ContactRef.xpmContact(xpmId) : ContactRef.xpmClient(xpmId);
    }
}
