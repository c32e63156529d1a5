package io.xpmsync.matching.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.persistence.HeldXpmChanges;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.EventSerde;
import io.xpmsync.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a firm's index from the Karbon API when the firm connects (its Karbon connection is registered, or its XPM
 * connection is made again), and brings it up to date when an XPM change arrives that is newer than the index
 * ({@link FreshIndexGate}): a catch-up reads only what Karbon changed since the index was last fresh (newest first,
 * with {@code MATCHING_CATCH_UP_OVERLAP} to spare for clocks), then the XPM changes held meanwhile are classified in
 * their order. Several instances never bootstrap the same firm at once: a firm is claimed with SKIP LOCKED, and a
 * claim older than ten minutes (its instance died) is taken over.
 *
 * <p>Its Karbon calls spend the firm's Karbon allowance, shared with mapping-service's writes ({@link KarbonClients}).
 * Several firms are bootstrapped side by side ({@code MATCHING_BOOTSTRAP_WORKERS}); a firm whose allowance is spent or
 * paused goes back to the queue, due when there is room, so it holds up no other firm.
 *
 * <p>Karbon's list endpoints carry each record's name, Contact Type and primary email; the contact events that follow
 * carry every email. A record already indexed from a newer event is not overwritten (see {@link KarbonIndexHandler}).
 */
@ApplicationScoped
public class KarbonIndexBootstrap {

    private static final Logger LOG = Logger.getLogger(KarbonIndexBootstrap.class);

    /** A claimed firm; {@code freshAsOf} null asks for a full bootstrap, otherwise a catch-up since then. */
    private record Claim(String firmId, KarbonClient karbon, Instant freshAsOf) {
    }

    /** A Karbon record and when Karbon last changed it. */
    private record Indexed(ContactSnapshot contact, Instant changedAt) {
    }

    /**
     * How long a call waits for the firm's Karbon allowance; beyond that the firm's bootstrap goes back to the queue,
     * due when the allowance has room, and the worker takes another firm (a firm's limits hold up no other firm).
     */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    /** How long a Karbon that is down or failing is left before its firm's bootstrap is tried again. */
    private static final Duration KARBON_DOWN_WAIT = Duration.ofSeconds(30);

    private final KarbonIndexHandler index;
    private final MatchHandler matches;
    private final HeldXpmChanges held;
    private final EventSerde serde;
    private final MatchingConfig config;
    private final KarbonClients clients;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();

    KarbonIndexBootstrap(KarbonIndexHandler index, MatchHandler matches, HeldXpmChanges held, EventSerde serde,
                         MatchingConfig config, KarbonClients clients) {
        this.index = index;
        this.matches = matches;
        this.held = held;
        this.serde = serde;
        this.config = config;
        this.clients = clients;
        this.workers = Executors.newFixedThreadPool(config.bootstrap().workers(), r -> {
            Thread thread = new Thread(r, "karbon-index-bootstrap");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(every = "${matching.bootstrap.interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void runPending() {
        // Several firms side by side, each worker on its own: one firm's long bootstrap (a large practice, a slow
        // Karbon) never keeps another worker from taking the next firm.
        while (busy.get() < config.bootstrap().workers()) {
            busy.incrementAndGet();
            try {
                workers.execute(() -> {
                    try {
                        drain();
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                busy.decrementAndGet();
                return;
            }
        }
    }

    private void drain() {
        for (Optional<Claim> claim = claimNext(); claim.isPresent(); claim = claimNext()) {
            bootstrap(claim.get());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    private Optional<Claim> claimNext() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant stale = Instant.now().minus(10, ChronoUnit.MINUTES);
            Optional<KarbonConnectionEntity> next = KarbonConnectionEntity.<KarbonConnectionEntity>find(
                            "(bootstrapState = ?1 and updatedAt <= ?4) or (bootstrapState = ?2 and updatedAt < ?3)"
                                    + " order by updatedAt",
                            KarbonConnectionEntity.PENDING, KarbonConnectionEntity.RUNNING, stale, Instant.now())
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint("jakarta.persistence.lock.timeout", -2)
                    .page(0, 1).firstResultOptional();
            return next.map(c -> {
                c.bootstrapState = KarbonConnectionEntity.RUNNING;
                c.updatedAt = Instant.now();
                // a 429 is not waited out here: the firm goes back to the queue (see bootstrap)
                return new Claim(c.firmId, clients.forFirm(c, LONGEST_WAIT), c.freshAsOf);
            });
        });
    }

    private void bootstrap(Claim claim) {
        Instant listedFrom = Instant.now();
        try {
            KarbonClient karbon = claim.karbon();
            boolean full = claim.freshAsOf() == null;
            List<Indexed> records = full ? everything(karbon)
                    : changedSince(karbon, claim.freshAsOf().minus(config.bootstrap().catchUpOverlap()));
            // Rows are locked in key order, as the event consumer locks them, so the two never deadlock.
            records.sort(Comparator.comparing(r -> r.contact().ref().id()));
            int batch = config.bootstrap().batchSize();
            for (int from = 0; from < records.size(); from += batch) {
                List<Indexed> slice = records.subList(from, Math.min(records.size(), from + batch));
                QuarkusTransaction.requiringNew().run(() ->
                        slice.forEach(r -> index.applyListed(claim.firmId(), r.contact(), r.changedAt())));
            }
            int released = release(claim.firmId(), KarbonConnectionEntity.DONE, null, listedFrom);
            if (full) {
                LOG.infof("firm %s: indexed %d Karbon records from the Karbon API", claim.firmId(), records.size());
            } else {
                LOG.debugf("firm %s: index caught up with %d Karbon records changed since %s; %d held XPM changes"
                        + " classified", claim.firmId(), records.size(), claim.freshAsOf(), released);
            }
        } catch (KarbonClientException e) {
            if (e.status() == 429) {
                // The firm's allowance is spent or paused: its bootstrap starts again when there is room.
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
                LOG.infof("firm %s: bootstrap of the Karbon index waits %d ms for the firm's Karbon allowance",
                        claim.firmId(), wait.toMillis());
                finish(claim.firmId(), KarbonConnectionEntity.PENDING, null, Instant.now().plus(wait),
                        "waiting for the firm's Karbon allowance (Karbon answered 429 Too Many Requests, or the"
                                + " allowance is spent)");
            } else if (e.status() == 0 || e.status() >= 500) {
                // Karbon is down or failing (its retries are spent): try again later rather than classify XPM
                // records against an index that may lack Karbon's latest contacts.
                LOG.warnf("firm %s: Karbon did not answer the index bootstrap (%s); trying again in %d s",
                        claim.firmId(), e.getMessage(), KARBON_DOWN_WAIT.toSeconds());
                finish(claim.firmId(), KarbonConnectionEntity.PENDING, null, Instant.now().plus(KARBON_DOWN_WAIT),
                        "Karbon did not answer: " + e.getMessage());
            } else {
                failed(claim, e);
            }
        } catch (RuntimeException e) {
            if (transientDatabaseFailure(e)) {
                // a deadlock or a serialization failure: the bootstrap is simply done again
                LOG.infof("firm %s: bootstrap of the Karbon index meets a transient database failure and starts"
                        + " again: %s", claim.firmId(), e.getMessage());
                finish(claim.firmId(), KarbonConnectionEntity.PENDING, null, Instant.now().plusSeconds(1), null);
            } else {
                failed(claim, e);
            }
        }
    }

    private static List<Indexed> everything(KarbonClient karbon) {
        return indexed(karbon.listOrganizations(null), karbon.listContacts(null));
    }

    private static List<Indexed> changedSince(KarbonClient karbon, Instant since) {
        return indexed(karbon.listOrganizationsChangedSince(since), karbon.listContactsChangedSince(since));
    }

    private static List<Indexed> indexed(List<OrganizationSummaryDto> organizations, List<ContactSummaryDto> people) {
        List<Indexed> records = new ArrayList<>();
        for (OrganizationSummaryDto o : organizations) {
            records.add(new Indexed(snapshot(ContactRef.karbonOrganization(o.organizationKey()), o.fullName(),
                    o.emailAddress(), o.contactType()), time(o.lastModifiedDateTime())));
        }
        for (ContactSummaryDto c : people) {
            records.add(new Indexed(snapshot(ContactRef.karbonPerson(c.contactKey()), c.fullName(),
                    c.emailAddress(), c.contactType()), time(c.lastModifiedDateTime())));
        }
        return records;
    }

    /**
     * Ends the claim in {@code state} once the firm's held XPM changes are classified, in their order, a slice per
     * transaction under the firm's connection lock (so the event consumer holds any change arriving meanwhile behind
     * them). {@code freshAsOf} is recorded when the state is DONE. Returns how many held changes were classified.
     */
    private int release(String firmId, String state, String error, Instant freshAsOf) {
        int classified = 0;
        try {
            while (true) {
                int slice = QuarkusTransaction.requiringNew().call(() -> {
                    KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId,
                            LockModeType.PESSIMISTIC_WRITE);
                    // A registration that arrived meanwhile set PENDING again: leave it (and the held changes) for
                    // the next round.
                    if (connection == null || !KarbonConnectionEntity.RUNNING.equals(connection.bootstrapState)) {
                        return 0;
                    }
                    List<HeldXpmChanges.Held> oldest = held.oldest(firmId, config.bootstrap().batchSize());
                    if (oldest.isEmpty()) {
                        connection.bootstrapState = state;
                        connection.bootstrapError = error;
                        connection.waitReason = null;
                        if (KarbonConnectionEntity.DONE.equals(state)) {
                            connection.bootstrappedAt = Instant.now();
                            connection.freshAsOf = freshAsOf;
                        }
                        connection.updatedAt = Instant.now();
                        return 0;
                    }
                    // each held change's verdict belongs to the change's trace, as if classified when it came
                    List<ContactChanged> changes = oldest.stream()
                            .map(h -> serde.decodeOwn(h.payload(), ContactChanged.class)).toList();
                    Map<UUID, String> traces = new HashMap<>();
                    for (int i = 0; i < changes.size(); i++) {
                        if (oldest.get(i).traceparent() != null) {
                            traces.put(changes.get(i).eventId(), oldest.get(i).traceparent());
                        }
                    }
                    Traces.consuming(traces, () -> matches.handleAll(changes));
                    held.removeUpTo(firmId, oldest.get(oldest.size() - 1).seq());
                    return oldest.size();
                });
                if (slice == 0) {
                    return classified;
                }
                classified += slice;
            }
        } catch (RuntimeException e) {
            LOG.warnf("firm %s: held XPM changes could not be classified yet (%s); trying again in 5 s", firmId,
                    e.getMessage());
            finish(firmId, KarbonConnectionEntity.PENDING, null, Instant.now().plusSeconds(5),
                    "its held XPM changes could not be classified yet: " + e.getMessage());
            return classified;
        }
    }

    private static boolean transientDatabaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure for good (a refusal such as wrong credentials): shown in the connection status; the firm's held XPM
     * changes are classified against the index as it stands rather than held for ever.
     */
    private void failed(Claim claim, RuntimeException e) {
        LOG.warnf("firm %s: bootstrap of the Karbon index failed: %s", claim.firmId(), e.getMessage());
        release(claim.firmId(), KarbonConnectionEntity.FAILED, e.getMessage(), null);
    }

    /** Ends the claim in {@code state}; a PENDING one is due again at {@code at}, waiting for {@code reason}. */
    private void finish(String firmId, String state, String error, Instant at, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE);
            // A registration that arrived meanwhile set PENDING again: leave it for the next round.
            if (connection != null && KarbonConnectionEntity.RUNNING.equals(connection.bootstrapState)) {
                connection.bootstrapState = state;
                connection.bootstrapError = error;
                connection.waitReason = reason;
                connection.updatedAt = at;
            }
        });
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String email, String contactType) {
        List<String> emails = email == null || email.isBlank() ? List.of() : List.of(email);
        return new ContactSnapshot(ref, name == null ? "" : name, null, null, emails, List.of(), null, null, null,
                contactType, List.of(), false, false, null);
    }

    private static Instant time(String lastModified) {
        return lastModified == null ? Instant.EPOCH : Instant.parse(lastModified);
    }
}
