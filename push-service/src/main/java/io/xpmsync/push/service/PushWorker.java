package io.xpmsync.push.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
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
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.contact.SyncedFields;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.PipelineMetrics;
import io.xpmsync.messaging.Poller;
import io.xpmsync.messaging.Traces;
import io.xpmsync.push.config.PushConfig;
import io.xpmsync.push.domain.PushDecision;
import io.xpmsync.push.domain.PushRules;
import io.xpmsync.push.messaging.FeedPositions;
import io.xpmsync.push.domain.PushMerge;
import io.xpmsync.push.persistence.FieldBases;
import io.xpmsync.push.persistence.PushQueue;
import io.xpmsync.push.persistence.PushQueue.Queued;
import io.xpmsync.push.persistence.PushViews;
import io.xpmsync.push.xpm.XpmProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Pushes queued Karbon changes to XPM, each in the latest state of its contact once the coalescing window has passed:
 * claims due changes from {@link PushQueue}, reads the facts from {@link PushViews}, asks {@link PushRules} what to
 * do, and makes the XPM call. Every outcome is published as {@code ContactPushed} through the outbox. A transient
 * fault (rate limit, 5xx) puts the change back with backoff; waiting for the practice's allowance is not an attempt;
 * a permanent one (XPM {@code Status ERROR}, validation) is published as FAILED, kept for the push-status API and sent
 * to the dead-letter topic with its reason. Firms never wait for each other: every change is its own unit. XPM takes
 * no idempotency key, so a create is noted before the call: an attempt after a crash first looks for the record the
 * interrupted one made (one {@code modifiedsince} list call).
 * <p>Over 400 lines because the worker loop, the feed catch-up before a create and the write with its outcome still
 * share one class; they are the seams along which it is to be split (the worker loop into the one leased worker pool
 * every service is to share).
 */
@ApplicationScoped
public class PushWorker {

    private static final Logger LOG = Logger.getLogger(PushWorker.class);

    /** How long a create waits at most for push-service to read XPM changes already published for the firm. */
    private static final Duration FEED_CATCH_UP = Duration.ofMinutes(5);

    private final PushQueue queue;
    private final PushViews views;
    private final XpmApi xpm;
    private final Outbox outbox;
    private final PushConfig config;
    private final MutinyEmitter<String> deadLetters;
    private final ExecutorService pool;
    private final Semaphore free;
    private final FeedPositions feed;
    private final FieldBases bases;
    private final Map<String, FeedMark> feedMarks = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private Poller poller;

    private final PipelineMetrics metrics;
    private final Timer latency;

    PushWorker(PushQueue queue, PushViews views, XpmApi xpm, Outbox outbox, PushConfig config,
               @Channel("push-dead-letters") MutinyEmitter<String> deadLetters, FeedPositions feed,
               PipelineMetrics metrics, FieldBases bases) {
        this.bases = bases;
        this.metrics = metrics;
        // from the change in Karbon to XPM holding it: the goal is under a second at p99
        this.latency = Timer.builder("xpmsync.push.latency").description("from a change in Karbon to its write in"
                        + " XPM").publishPercentileHistogram().serviceLevelObjectives(Duration.ofSeconds(1),
                        Duration.ofSeconds(2)).minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(metrics.registry());
        this.feed = feed;
        this.queue = queue;
        this.views = views;
        this.xpm = xpm;
        this.outbox = outbox;
        this.config = config;
        this.deadLetters = deadLetters;
        this.free = new Semaphore(config.workers());
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "xpm-sync-push");
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("push-worker", Duration.ofSeconds(1), config.worker().every(), this::work);
    }

    /**
     * Claims due changes for the workers that are free and hands each to one; returns when nothing more is due (the
     * poller calls again). A worker that finishes takes the next due change at once: a slow push (an XPM timeout, a
     * practice waiting for its allowance) holds up only itself, never a batch.
     */
    void work() {
        while (!stopping) {
            try {
                free.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int claimable = 1 + free.drainPermits();
            List<Queued> due = List.of();
            try {
                due = queue.claim(Math.min(claimable, config.batchSize()));
            } finally {
                // the workers that got nothing to do are free again (all of them if the claim failed)
                free.release(Math.max(0, claimable - due.size()));
            }
            if (due.isEmpty()) {
                return;
            }
            // Changes of different contacts (and firms) go out side by side; each practice's budget still caps its
            // own calls, so a busy firm waits for itself and never for the others.
            for (Queued q : due) {
                try {
                    pool.execute(() -> {
                        try {
                            pushSafely(q);
                        } finally {
                            free.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    free.release();
                    return; // stopping: the claimed change comes back when its lease ends
                }
            }
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
        MDC.put("firmId", q.firmId());
        try {
            // the Karbon change's trace goes on: the write to XPM and its outcome (ContactPushed) belong to it
            Traces.within(q.traceparent(), () -> push(q));
        } catch (RuntimeException e) {
            LOG.errorf(e, "firm %s: push of %s failed unexpectedly; it is tried again", q.firmId(), q.karbonKey());
            queue.retryLater(q, "internal error: " + e.getMessage());
        } finally {
            MDC.remove("firmId");
        }
    }

    void push(Queued q) {
        PushDecision decision = PushRules.decide(views.facts(q.firmId(), q.snapshot(), q.changedAt()));
        if (decision instanceof PushDecision.Skip skip) {
            done(q, PushOutcome.SKIPPED, skip.reason(), null, null, null);
        } else if (decision instanceof PushDecision.Unchanged same) {
            done(q, PushOutcome.UNCHANGED, null, ref(same.xpmId(), same.person()), null, null);
        } else if (decision instanceof PushDecision.AwaitMapping await) {
            awaitMapping(q, await);
        } else if (decision instanceof PushDecision.Create create) {
            if (!feedRead(q)) {
                // XPM changes or verdicts of the firm are still unread: the XPM record this contact was written from
                // (or matched to) may be among them. Decide again in a moment rather than create it in XPM twice.
                queue.waitUntil(q, Instant.now().plusMillis(100), "waiting for XPM's change feed to be read before"
                        + " creating in XPM", false);
                return;
            }
            LOG.infof("firm %s: %s (%s) is not mapped and no unmapped XPM record holds its values: creating it in"
                    + " XPM", q.firmId(), q.snapshot().name(), q.karbonKey());
            write(q, null, create.person(), create.clientUuid());
        } else if (decision instanceof PushDecision.Update update) {
            write(q, update.xpmId(), update.person(), update.clientUuid());
        }
    }

    /**
     * Whether push-service has read every XPM change and verdict of the firm published before it first decided to
     * create this contact in XPM: the XPM record a Karbon contact was written from is published before the contact is
     * written, so once they are read, its twin in the views stops the create. Waits at most {@link #FEED_CATCH_UP}.
     */
    private boolean feedRead(Queued q) {
        Instant now = Instant.now();
        feedMarks.values().removeIf(m -> m.since().plus(FEED_CATCH_UP.multipliedBy(2)).isBefore(now));
        String key = q.firmId() + '\n' + q.karbonKey() + '\n' + q.sourceEventId();
        FeedMark mark = feedMarks.computeIfAbsent(key, k -> new FeedMark(null, now));
        if (mark.ends() == null) {
            // where the feeds end is asked again until Kafka answers: going ahead without it could create twice
            Map<TopicPartition, Long> ends = feed.ends(q.firmId(), List.of(Topics.XPM_CONTACTS_CHANGED,
                    Topics.MATCHES_PROPOSED)).orElse(null);
            mark = new FeedMark(ends, mark.since());
            feedMarks.put(key, mark);
        }
        if (mark.ends() != null && feed.reached(mark.ends())) {
            feedMarks.remove(key);
            return true;
        }
        if (mark.since().plus(FEED_CATCH_UP).isBefore(now)) {
            LOG.warnf("firm %s: XPM's change feed is still not read (or Kafka cannot say how far) %s after %s"
                    + " changed; creating it in XPM anyway", q.firmId(), FEED_CATCH_UP, q.karbonKey());
            feedMarks.remove(key);
            return true;
        }
        return false;
    }

    /** Where the firm's feeds ended when a create was first decided on (null until Kafka could say). */
    private record FeedMark(Map<TopicPartition, Long> ends, Instant since) {
    }

    private void awaitMapping(Queued q, PushDecision.AwaitMapping await) {
        if (await.remember()) {
            views.createdFrom(q.firmId(), q.karbonKey(), await.xpmId());
        }
        if (q.attempts() + 1 < config.maxAttempts()) {
            queue.retryLater(q, "waiting for the mapping of XPM record " + await.xpmId());
        } else {
            done(q, PushOutcome.SKIPPED, "XPM record " + await.xpmId() + " already holds these values and is not"
                    + " mapped yet; not creating a duplicate", null, null, null);
        }
    }

    /**
     * Creates ({@code xpmId} null) or updates the XPM record, and records what XPM holds afterwards. An update reads
     * the record first and sends back everything else as XPM holds it (read-modify-write), and writes nothing when
     * XPM already holds these values.
     */
    private void write(Queued q, String xpmId, boolean person, String clientUuid) {
        boolean intentOfThisAttempt = false;
        try {
            Optional<Instant> earlier = xpmId == null ? queue.beginCreate(q) : Optional.empty();
            intentOfThisAttempt = xpmId == null && earlier.isEmpty();
            if (xpmId != null) {
                update(q, xpmId, person, clientUuid);
                return;
            }
            ContactRef written;
            ContactSnapshot holds;
            if (person) {
                XpmContact contact = earlier.flatMap(since -> madeContact(q, clientUuid, since))
                        .orElseGet(() -> xpm.addContact(q.firmId(), XpmProjection.contact(null, clientUuid, q.snapshot(),
                                null, views.region(q.firmId()))));
                written = ContactRef.xpmContact(contact.uuid());
                holds = XpmSnapshots.contact(contact, clientUuid);
            } else {
                XpmClient client = earlier.flatMap(since -> madeClient(q, since))
                        .orElseGet(() -> xpm.addClient(q.firmId(), XpmProjection.client(null, q.snapshot(), null,
                                views.region(q.firmId()))));
                written = ContactRef.xpmClient(client.uuid());
                holds = XpmSnapshots.client(client);
            }
            done(q, PushOutcome.CREATED, null, written, holds, null, SyncedFields.changes(null, holds),
                    new Merged(PushMerge.created(holds, q.snapshot(), Instant.now()), List.of(), false, null,
                            null));
        } catch (XpmBudgetExhaustedException e) {
            // Waiting for the practice's allowance is not a failed attempt: the push goes when the allowance has room.
            // A create this attempt began was not sent (no call was made), so the next attempt need not look for it.
            Instant soonest = Instant.now().plusMillis(100);
            queue.waitUntil(q, e.availableAt() == null || e.availableAt().isBefore(soonest) ? soonest
                    : e.availableAt(), e.getMessage(), intentOfThisAttempt);
        } catch (XpmException e) {
            if (e.retryable() && q.attempts() + 1 < config.maxAttempts()) {
                queue.retryLater(q, e.getMessage());
            } else {
                done(q, PushOutcome.FAILED, e.getMessage(), xpmId == null ? null : ref(xpmId, person), null,
                        e.getMessage());
            }
        }
    }

    /**
     * Updates the XPM record by read-modify-write, merging the Karbon change into what XPM holds field by field
     * against the base the two last agreed on ({@link PushMerge}): only the fields Karbon changed are sent; a field
     * changed in XPM meanwhile stays as XPM holds it (and is still to reach Karbon, so the write is not announced as
     * XPM's whole state); a field changed on both sides is a conflict for the firm's policy. UNCHANGED when nothing
     * is to be written.
     */
    private void update(Queued q, String xpmId, boolean person, String clientUuid) {
        String region = views.region(q.firmId());
        Map<SyncedField, AgreedField> base = bases.of(q.firmId(), q.karbonKey(), xpmId);
        AtomicReference<ContactSnapshot> held = new AtomicReference<>();
        AtomicReference<PushMerge> merge = new AtomicReference<>();
        ContactSnapshot holds;
        if (person) {
            holds = xpm.updateContact(q.firmId(), xpmId, clientUuid, current -> {
                held.set(XpmSnapshots.contact(current, clientUuid));
                merge.set(PushMerge.of(q.snapshot(), q.changedAt(), held.get(), base, q.forced()));
                return merge.get().flows().isEmpty() ? null : XpmProjection.only(
                        XpmProjection.contact(null, null, q.snapshot(), held.get(), region), merge.get().flows());
            }).map(c -> XpmSnapshots.contact(c, clientUuid)).orElse(null);
        } else {
            holds = xpm.updateClient(q.firmId(), xpmId, current -> {
                held.set(XpmSnapshots.client(current));
                merge.set(PushMerge.of(q.snapshot(), q.changedAt(), held.get(), base, q.forced()));
                return merge.get().flows().isEmpty() ? null : XpmProjection.only(
                        XpmProjection.client(xpmId, q.snapshot(), held.get(), region), merge.get().flows());
            }).map(XpmSnapshots::client).orElse(null);
        }
        ContactSnapshot after = holds == null ? held.get() : holds;
        PushMerge m = merge.get();
        Merged merged = m == null ? null : new Merged(m.agreed(after, q.snapshot(), Instant.now()), m.conflicts(),
                m.xpmKeepsChanges(), after, m.xpmKeepsChanges() ? views.xpmSeenAt(q.firmId(), xpmId, held.get())
                : null);
        if (holds == null) {
            done(q, PushOutcome.UNCHANGED, null, ref(xpmId, person), held.get(), null, null, merged);
        } else {
            done(q, PushOutcome.UPDATED, null, ref(xpmId, person), holds, null,
                    SyncedFields.changes(held.get(), holds), merged);
        }
    }

    /**
     * What a merge left: the new base of the fields now agreed, the fields in conflict, whether XPM keeps changes of
     * its own not yet in Karbon, and XPM's record as it holds now.
     */
    record Merged(List<AgreedField> agreed, List<SyncedField> conflicts, boolean xpmKeepsChanges,
                  ContactSnapshot xpmRecord, Instant xpmSeenAt) {
    }

    /** Records the outcome: ContactPushed through the outbox; what XPM holds now; the queue row done. */
    @Transactional
    void done(Queued q, PushOutcome outcome, String reason, ContactRef xpmRef, ContactSnapshot holds, String failure) {
        done(q, outcome, reason, xpmRef, holds, failure, null);
    }

    /** As above, with what the write changed in XPM (synced fields, before and after) for the contact's history. */
    @Transactional
    void done(Queued q, PushOutcome outcome, String reason, ContactRef xpmRef, ContactSnapshot holds, String failure,
              List<FieldChange> changes) {
        done(q, outcome, reason, xpmRef, holds, failure, changes, null);
    }

    /**
     * As above, with what the merge left ({@code merged}, may be null): the new base is kept and announced, conflicts
     * go to mapping-service with both records, and while XPM keeps changes of its own the write is not announced as
     * XPM's whole state (no {@code pushedHash}), so connector-service's next read still finds them and they reach
     * Karbon.
     */
    @Transactional
    void done(Queued q, PushOutcome outcome, String reason, ContactRef xpmRef, ContactSnapshot holds, String failure,
              List<FieldChange> changes, Merged merged) {
        Counter.builder("xpmsync.pushes").description("Karbon changes decided on, by outcome")
                .tag("outcome", outcome.name()).register(metrics.registry()).increment();
        if ((outcome == PushOutcome.CREATED || outcome == PushOutcome.UPDATED) && q.changedAt() != null) {
            latency.record(Duration.between(q.changedAt(), Instant.now()));
        }
        if (holds != null) {
            views.xpmHolds(q.firmId(), xpmRef.id(), holds);
            if (outcome == PushOutcome.CREATED) {
                views.mapped(q.firmId(), q.karbonKey(), xpmRef, "ACTIVE");
            }
        }
        List<AgreedField> agreed = merged == null || merged.agreed().isEmpty() ? null : merged.agreed();
        List<SyncedField> conflicts = merged == null || merged.conflicts().isEmpty() ? null : merged.conflicts();
        if (agreed != null && xpmRef != null) {
            bases.agreed(q.firmId(), q.karbonKey(), xpmRef.id(), agreed, q.changedAt());
        }
        if (conflicts != null) {
            LOG.infof("firm %s: %s changed in XPM and in Karbon (%s): XPM keeps its values; mapping-service decides",
                    q.firmId(), q.snapshot().name(), conflicts);
            Counter.builder("xpmsync.push.conflicts").description("fields a push found changed on both sides")
                    .register(metrics.registry()).increment(conflicts.size());
        }
        // XPM keeps changes of its own: mapping-service merges XPM's record (as read now) into Karbon at once
        boolean kept = merged != null && merged.xpmKeepsChanges() && merged.xpmRecord() != null;
        String pushedHash = holds == null || kept ? null : holds.contentHash();
        outbox.append(new ContactPushed(UUID.randomUUID(), q.firmId(), Instant.now(), EventType.SCHEMA_VERSION, null,
                q.sourceEventId(), q.snapshot().ref(), xpmRef, outcome, reason, pushedHash,
                changes == null || changes.isEmpty() ? null : changes, agreed, conflicts,
                kept ? merged.xpmRecord() : null, kept ? q.snapshot() : null, kept ? q.changedAt() : null,
                kept ? merged.xpmSeenAt() : null));
        if (failure != null) {
            queue.failed(q, failure);
            deadLetter(q, failure);
            LOG.warnf("firm %s: push of %s failed: %s", q.firmId(), q.karbonKey(), failure);
        }
        queue.finish(q);
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
                .filter(c -> XpmProjection.hash(XpmSnapshots.contact(c, clientUuid)).equals(projection))
                .findFirst();
    }

    private void deadLetter(Queued q, String reason) {
        metrics.deadLettered("push");
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
