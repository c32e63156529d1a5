package io.xpmsync.matching.webhooks;

import io.quarkus.scheduler.Scheduled;
import io.xpmsync.matching.config.MatchingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells a fresh Karbon notice from one sent before or too long ago. A notice says when Karbon changed the record
 * ({@code TimeStamp}, to the second) and is signed whole, so a captured notice cannot be dated anew: one dated before
 * the replay window ({@code MATCHING_WEBHOOK_REPLAY_WINDOW}, longer than Karbon goes on retrying a delivery) is stale,
 * and one within it is remembered ({@code karbon_notice_taken}, until it leaves the window) and taken once only.
 */
@ApplicationScoped
public class KarbonNoticeReplays {

    public enum Verdict {
        FRESH, REPEATED, STALE
    }

    private final EntityManager em;
    private final Duration window;

    KarbonNoticeReplays(EntityManager em, MatchingConfig config) {
        this.em = em;
        this.window = config.webhooks().replayWindow();
    }

    public Duration window() {
        return window;
    }

    /** Takes the notice if it is fresh (in the caller's transaction, so a notice refused later is not remembered). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verdict take(String firmId, String karbonKey, String action, Instant timeStamp) {
        Instant now = Instant.now();
        if (timeStamp.isBefore(now.minus(window))) {
            return Verdict.STALE;
        }
        int taken = em.createNativeQuery("INSERT INTO karbon_notice_taken (firm_id, karbon_key, action, time_stamp,"
                        + " taken_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                .setParameter(1, firmId).setParameter(2, karbonKey).setParameter(3, action)
                .setParameter(4, Timestamp.from(timeStamp)).setParameter(5, Timestamp.from(now)).executeUpdate();
        return taken == 1 ? Verdict.FRESH : Verdict.REPEATED;
    }

    /** Forgets the notices that left the window: a repeat of one of them is stale by its date alone. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void prune() {
        em.createNativeQuery("DELETE FROM karbon_notice_taken WHERE time_stamp < ?1")
                .setParameter(1, Timestamp.from(Instant.now().minus(window))).executeUpdate();
    }
}
