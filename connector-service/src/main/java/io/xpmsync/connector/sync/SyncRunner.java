package io.xpmsync.connector.sync;

import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.SyncRunEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.connector.settings.SyncSettingsService;
import io.xpmsync.contracts.events.SyncScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Runs one sync run of a firm that this instance has claimed: one {@code client.api/list?detailed=true} call (with
 * {@code modifiedsince} for an incremental run: the last poll's start less the look-back window), then change
 * detection. The watermark moves only when a run completes, so a failed poll is covered by the next one. A run
 * interrupted by a crash is resumed by whichever instance claims the firm next; detection makes that safe.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    private final XpmApi xpm;
    private final ChangeDetector detector;
    private final SyncSettingsService settings;
    private final RunProgress progress;
    private final ConnectorConfig config;

    SyncRunner(XpmApi xpm, ChangeDetector detector, SyncSettingsService settings,
               RunProgress progress, ConnectorConfig config) {
        this.progress = progress;
        this.xpm = xpm;
        this.detector = detector;
        this.settings = settings;
        this.config = config;
    }

    private record Start(String firmId, String tenantId, Instant modifiedSince, SyncScope scope) {
    }

    public void execute(UUID runId) {
        Start start = begin(runId);
        if (start == null) {
            return;
        }
        Instant fetchedAt = Instant.now();
        long callsBefore = xpm.callsMade(start.tenantId());
        try {
            List<XpmClient> clients = xpm.listClients(start.firmId(), start.modifiedSince());
            fetched(runId, clients, xpm.callsMade(start.tenantId()) - callsBefore);
            ChangeDetector.Counts counts = detector.detect(start.firmId(), runId, clients, start.scope(),
                    progress);
            complete(runId, fetchedAt);
            LOG.infof("firm %s: sync run %s completed: %d clients, %d changes published, %d unchanged", start.firmId(),
                    runId, clients.size(), counts.published(), counts.unchanged());
        } catch (XpmException e) {
            fail(runId, e.getMessage(), xpm.callsMade(start.tenantId()) - callsBefore);
            LOG.warnf("firm %s: sync run %s failed: %s", start.firmId(), runId, e.getMessage());
        } catch (RuntimeException e) {
            fail(runId, "internal error: " + e.getMessage(), xpm.callsMade(start.tenantId()) - callsBefore);
            LOG.errorf(e, "firm %s: sync run %s failed", start.firmId(), runId);
        }
    }

    @Transactional
    Start begin(UUID runId) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        XpmConnectionEntity connection = run == null ? null : XpmConnectionEntity.findById(run.firmId);
        if (run == null || connection == null) {
            return null;
        }
        run.phase = SyncRunEntity.FETCHING;
        run.startedAt = Instant.now();
        run.unchanged = 0;
        run.skippedByScope = 0;
        run.modifiedSince = run.incremental && connection.polledUpTo != null
                ? connection.polledUpTo.minus(config.poll().lookBack()) : null;
        run.incremental = run.modifiedSince != null;
        return new Start(run.firmId, connection.tenantId, run.modifiedSince, settings.settings(run.firmId).scope());
    }

    @Transactional
    void fetched(UUID runId, List<XpmClient> clients, long calls) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        run.phase = SyncRunEntity.DETECTING;
        run.fetchedAt = Instant.now();
        run.clientsFetched = clients.size();
        run.contactsFetched = clients.stream().mapToInt(c -> c.contacts().size()).sum();
        run.xpmCalls = (int) calls;
    }

    @Transactional
    void complete(UUID runId, Instant fetchedAt) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        run.phase = SyncRunEntity.COMPLETED;
        run.finishedAt = Instant.now();
        XpmConnectionEntity connection = XpmConnectionEntity.findById(run.firmId);
        if (connection != null && (connection.polledUpTo == null || connection.polledUpTo.isBefore(fetchedAt))) {
            connection.polledUpTo = fetchedAt;
        }
    }

    @Transactional
    void fail(UUID runId, String error, long calls) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        run.phase = SyncRunEntity.FAILED;
        run.error = error;
        run.xpmCalls = (int) calls;
        run.finishedAt = Instant.now();
    }
}
