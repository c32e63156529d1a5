package io.xpmsync.matching.webhooks;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.KarbonSnapshots;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.matching.persistence.KarbonContactRepository;
import io.xpmsync.matching.service.KarbonClients;
import io.xpmsync.messaging.Outbox;
import io.xpmsync.messaging.Poller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Follows up Karbon's webhook notices: reads the notified record (a {@code Contact} notice may be a person or an
 * organization; neither found means it was deleted) and publishes its whole state as {@code ContactChanged} (origin
 * KARBON) on {@code karbon.contacts.changed.v1} through the outbox, the same event the Karbon platform's stream
 * carries. Only a state that differs from the last one published for the record is published, so duplicate,
 * late and out-of-order notices change nothing. A firm whose Karbon allowance is spent, or a Karbon that does not
 * answer, puts its notice back for later; nothing is dropped but a notice of something that is not a contact (a
 * Client Group) or was never known.
 */
@ApplicationScoped
public class KarbonNoticeWorker {

    private static final Logger LOG = Logger.getLogger(KarbonNoticeWorker.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final KarbonNotices notices;
    private final KarbonClients clients;
    private final KarbonContactRepository index;
    private final Outbox outbox;
    private final EntityManager em;
    private final MatchingConfig config;
    private final ExecutorService pool;
    private final Semaphore free;
    private Poller poller;

    KarbonNoticeWorker(KarbonNotices notices, KarbonClients clients, KarbonContactRepository index, Outbox outbox,
                       EntityManager em, MatchingConfig config) {
        this.notices = notices;
        this.clients = clients;
        this.index = index;
        this.outbox = outbox;
        this.em = em;
        this.config = config;
        this.free = new Semaphore(config.webhooks().workers());
        this.pool = Executors.newFixedThreadPool(config.webhooks().workers(), r -> {
            Thread t = new Thread(r, "karbon-notice");
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start("karbon-notices", Duration.ofSeconds(1), Duration.ofMillis(100), this::work);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.close();
        }
        pool.shutdownNow();
    }

    /**
     * Follows up every due notice, {@code workers} at a time: a worker that finishes takes the next notice at once,
     * so a slow read (a firm waiting for its allowance, a slow Karbon) holds up only itself.
     */
    void work() {
        while (true) {
            try {
                free.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int claimable = 1 + free.drainPermits();
            List<KarbonNotices.Notice> due = List.of();
            try {
                due = notices.claim(claimable);
            } finally {
                free.release(Math.max(0, claimable - due.size()));
            }
            if (due.isEmpty()) {
                return;
            }
            for (KarbonNotices.Notice notice : due) {
                try {
                    pool.execute(() -> {
                        try {
                            followUpSafely(notice);
                        } finally {
                            free.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    free.release();
                    return; // stopping: the claimed notice comes back when its lease ends
                }
            }
        }
    }

    private void followUpSafely(KarbonNotices.Notice notice) {
        try {
            followUp(notice);
        } catch (KarbonClientException e) {
            if (e.status() == 429) {
                notices.later(notice, Instant.now().plus(e.retryAfter().orElse(Duration.ofSeconds(1))), false,
                        "waiting for the firm's Karbon allowance");
            } else {
                Duration wait = backoff(notice.attempts());
                LOG.warnf("firm %s: Karbon record %s could not be read after its webhook notice (%s); trying again"
                        + " in %d s", notice.firmId(), notice.karbonKey(), e.getMessage(), wait.toSeconds());
                notices.later(notice, Instant.now().plus(wait), true, e.getMessage());
            }
        } catch (RuntimeException e) {
            Duration wait = backoff(notice.attempts());
            LOG.warnf(e, "firm %s: following up the notice of Karbon record %s failed; trying again in %d s",
                    notice.firmId(), notice.karbonKey(), wait.toSeconds());
            notices.later(notice, Instant.now().plus(wait), true, String.valueOf(e.getMessage()));
        }
    }

    void followUp(KarbonNotices.Notice notice) {
        Optional<KarbonConnectionEntity> connection = QuarkusTransaction.requiringNew().call(() ->
                KarbonConnectionEntity.<KarbonConnectionEntity>findByIdOptional(notice.firmId()));
        if (connection.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> notices.done(notice)); // the firm was removed
            return;
        }
        KarbonClient karbon = clients.forFirm(connection.get(), LONGEST_WAIT);
        Optional<ContactKind> known = QuarkusTransaction.requiringNew().call(() -> knownKind(notice));
        ContactSnapshot state = read(karbon, notice.karbonKey(), known.orElse(null));
        QuarkusTransaction.requiringNew().run(() -> {
            if (state != null) {
                publishIfChanged(notice, state);
            }
            notices.done(notice);
        });
    }

    /** The record as Karbon holds it now; a deleted one if Karbon has it no more and it was known; null otherwise. */
    private static ContactSnapshot read(KarbonClient karbon, String key, ContactKind known) {
        boolean organizationFirst = known == ContactKind.KARBON_ORGANIZATION;
        for (int i = 0; i < 2; i++) {
            try {
                return organizationFirst == (i == 0) ? KarbonSnapshots.organization(karbon.getOrganization(key))
                        : KarbonSnapshots.person(karbon.getContact(key));
            } catch (KarbonClientException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return known == null ? null : KarbonSnapshots.deleted(known == ContactKind.KARBON_ORGANIZATION
                ? ContactRef.karbonOrganization(key) : ContactRef.karbonPerson(key));
    }

    private Optional<ContactKind> knownKind(KarbonNotices.Notice notice) {
        Object published = em.createNativeQuery("SELECT kind FROM karbon_published WHERE firm_id = ?1"
                        + " AND karbon_key = ?2").setParameter(1, notice.firmId()).setParameter(2, notice.karbonKey())
                .getResultStream().findFirst().orElse(null);
        if (published != null) {
            return Optional.of(ContactKind.valueOf((String) published));
        }
        return index.findByKey(notice.firmId(), notice.karbonKey()).map(c -> ContactKind.valueOf(c.kind));
    }

    private void publishIfChanged(KarbonNotices.Notice notice, ContactSnapshot state) {
        Object[] last = (Object[]) em.createNativeQuery("SELECT content_hash, deleted FROM karbon_published"
                        + " WHERE firm_id = ?1 AND karbon_key = ?2 FOR UPDATE")
                .setParameter(1, notice.firmId()).setParameter(2, notice.karbonKey())
                .getResultStream().findFirst().orElse(null);
        if (last != null && state.contentHash().equals(last[0]) && state.deleted() == (Boolean) last[1]) {
            return; // a duplicate or late notice: Karbon holds what was last published
        }
        if (last == null && state.deleted()) {
            return;
        }
        ChangeKind change = state.deleted() ? ChangeKind.DELETED
                : last == null && "Inserted".equals(notice.action()) ? ChangeKind.CREATED : ChangeKind.UPDATED;
        outbox.append(ContactChanged.of(notice.firmId(), null, SourceSystem.KARBON, change, state));
        em.createNativeQuery("INSERT INTO karbon_published (firm_id, karbon_key, kind, content_hash, deleted,"
                        + " published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (firm_id, karbon_key) DO UPDATE"
                        + " SET kind = EXCLUDED.kind, content_hash = EXCLUDED.content_hash,"
                        + " deleted = EXCLUDED.deleted, published_at = EXCLUDED.published_at")
                .setParameter(1, notice.firmId()).setParameter(2, notice.karbonKey())
                .setParameter(3, state.ref().kind().name()).setParameter(4, state.contentHash())
                .setParameter(5, state.deleted()).setParameter(6, Timestamp.from(Instant.now())).executeUpdate();
    }

    private static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(300, 1L << Math.min(attempts, 9)));
    }
}
