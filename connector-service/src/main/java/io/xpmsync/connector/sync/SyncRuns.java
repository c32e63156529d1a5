package io.xpmsync.connector.sync;

import io.xpmsync.connector.persistence.SyncRunEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.messaging.ForgottenFirms;
import io.xpmsync.security.ApiProblem;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sync runs: a Sync Now (the whole client list, answered at once with the run's id and run in the background by
 * {@link PollScheduler}), a scheduled poll (the changes since the last one), a full run after the settings widened,
 * or a Preview Sync (a Sync Now whose events are marked as a preview: classified, acted on by nobody).
 */
@ApplicationScoped
public class SyncRuns {

    public static final String SYNC_NOW = "SYNC_NOW";
    public static final String SCHEDULED = "SCHEDULED";
    public static final String SETTINGS = "SETTINGS";
    /** A Preview Sync: read and classified like a Sync Now, acted on by nobody. */
    public static final String PREVIEW = "PREVIEW";
    static final List<String> UNFINISHED = List.of(SyncRunEntity.QUEUED, SyncRunEntity.FETCHING,
            SyncRunEntity.DETECTING);

    /** A run as the REST API shows it. */
    public record View(UUID id, String firmId, String trigger, String mode, String phase, Instant requestedAt,
                       Instant startedAt, Instant fetchedAt, Instant finishedAt, Instant modifiedSince, int clientsFetched,
                       int contactsFetched, int changesPublished, int unchanged, int skippedByScope, int xpmCalls,
                       String error) {

        static View of(SyncRunEntity r) {
            return new View(r.id, r.firmId, r.trigger, r.incremental ? "INCREMENTAL" : "FULL", r.phase, r.requestedAt,
                    r.startedAt, r.fetchedAt, r.finishedAt, r.modifiedSince, r.clientsFetched, r.contactsFetched,
                    r.changesPublished, r.unchanged, r.skippedByScope, r.xpmCalls, r.error);
        }
    }

    private final ChangeDetector staging;
    private final ForgottenFirms forgotten;

    SyncRuns(ChangeDetector staging, ForgottenFirms forgotten) {
        this.staging = staging;
        this.forgotten = forgotten;
    }

    /** A Sync Now asked for: the run, and whether it was queued now or was already queued or running. */
    public record Requested(View run, boolean queuedNow) {
    }

    /**
     * Queues a full run, unless one of the same trigger is already queued or running for the firm (then that one is
     * answered: one Sync Now at a time per firm); a firm that is not connected, or must connect again, gets 409.
     */
    @Transactional
    public Requested request(String firmId, String trigger) {
        // the firm's connection row, locked: two requests at the same moment queue one run between them
        XpmConnectionEntity connection = XpmConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE);
        if (connection == null) {
            throw new ApiProblem(409, "Firm " + firmId + " is not connected to Xero Practice Manager; connect first");
        }
        if (connection.reconnectReason != null) {
            throw new ApiProblem(409, connection.reconnectReason);
        }
        SyncRunEntity running = SyncRunEntity.<SyncRunEntity>find("firmId = ?1 and trigger = ?2 and phase in ?3 "
                + "order by requestedAt", firmId, trigger, List.of(SyncRunEntity.QUEUED, SyncRunEntity.FETCHING,
                SyncRunEntity.DETECTING)).firstResult();
        if (running != null) {
            return new Requested(View.of(running), false);
        }
        return new Requested(View.of(queue(firmId, trigger, false)), true);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    SyncRunEntity queue(String firmId, String trigger, boolean incremental) {
        SyncRunEntity run = new SyncRunEntity();
        run.id = UUID.randomUUID();
        run.firmId = firmId;
        run.trigger = trigger;
        run.incremental = incremental;
        run.phase = SyncRunEntity.QUEUED;
        run.requestedAt = Instant.now();
        run.persist();
        return run;
    }

    /** Whether the firm has had a completed run: its contacts have been synced once. */
    @Transactional
    public boolean hasCompleted(String firmId) {
        return SyncRunEntity.count("firmId = ?1 and phase = ?2 and trigger <> ?3", firmId, SyncRunEntity.COMPLETED,
                PREVIEW) > 0;
    }

    @Transactional
    public View get(String firmId, UUID runId) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        if (run == null || !run.firmId.equals(firmId)) {
            throw new ApiProblem(404, "Firm " + firmId + " has no sync run " + runId);
        }
        return View.of(run);
    }

    /** What the firm's preview would not import, with the reasons (404 for a run that is not the firm's preview). */
    @Transactional
    public List<ChangeDetector.NotImported> notImported(String firmId, UUID runId) {
        View run = get(firmId, runId);
        if (!PREVIEW.equals(run.trigger())) {
            throw new ApiProblem(404, "Sync run " + runId + " is not a preview");
        }
        return staging.notImported(firmId, runId);
    }

    /** The firm's latest runs, newest first. */
    @Transactional
    public List<View> latest(String firmId, int limit) {
        if (limit < 1 || limit > 100) {
            throw new ApiProblem(400, "limit must be between 1 and 100", "limit");
        }
        return SyncRunEntity.<SyncRunEntity>find("firmId = ?1 order by requestedAt desc", firmId)
                .page(Page.ofSize(limit)).list().stream().map(View::of).toList();
    }

    /** A disconnected firm's unfinished runs end, saying why. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void abandon(String firmId, String reason) {
        SyncRunEntity.update("phase = ?1, error = ?2, finishedAt = ?3 where firmId = ?4 and phase in ?5",
                SyncRunEntity.FAILED, reason, Instant.now(), firmId, UNFINISHED);
    }

    /**
     * Deletes everything this service keeps of the firm ({@link ForgottenFirms}), first what its runs staged (kept
     * by run, not by firm). Joins the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String firmId) {
        // what this transaction changed through entities reaches the database before rows are deleted beneath them
        SyncRunEntity.flush();
        SyncRunEntity.<SyncRunEntity>list("firmId", firmId).forEach(run -> staging.clearStaging(run.id));
        forgotten.forget(firmId);
    }
}
