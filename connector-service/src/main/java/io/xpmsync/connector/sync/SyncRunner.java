package io.xpmsync.connector.sync;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.connector.persistence.SyncRunEntity;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.connector.settings.SyncSettingsService;
import io.xpmsync.contracts.events.SyncSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one sync run of a firm that this instance has claimed: one {@code client.api/list} call (with
 * {@code modifiedsince} for an incremental run: the last poll's start less the look-back window), streamed: clients
 * are compared and published in batches as they arrive and their contacts staged in PostgreSQL, then the staged
 * contacts are compared, so memory stays flat for a practice of any size. The watermark moves only when a run
 * completes, so a failed poll is covered by the next one. A run interrupted by a crash is resumed by whichever
 * instance claims the firm next, from where it was: clients it handled before are passed over, and contacts staged
 * before the crash are not read again once the list had been read to its end.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    private final XpmApi xpm;
    private final ChangeDetector detector;
    private final SyncSettingsService settings;
    private final RunProgress progress;
    private final ConnectorConfig config;
    private final int batchSize;
    private final MeterRegistry metrics;
    private final Tracer tracer;
    private final GetOnlyFields getOnlyFields;

    SyncRunner(MeterRegistry metrics, Tracer tracer, XpmApi xpm, ChangeDetector detector, SyncSettingsService settings,
               RunProgress progress, ConnectorConfig config, GetOnlyFields getOnlyFields) {
        this.getOnlyFields = getOnlyFields;
        this.progress = progress;
        this.xpm = xpm;
        this.detector = detector;
        this.settings = settings;
        this.config = config;
        this.batchSize = config.poll().batchSize();
        this.metrics = metrics;
        this.tracer = tracer;
    }

    /** {@code readFrom}: when the run first began to read XPM, the watermark it moves to (a resumed run's too). */
    private record Start(String firmId, String tenantId, Instant modifiedSince, SyncSettings settings,
                         boolean listRead, Instant readFrom, boolean preview) {
    }

    public void execute(UUID runId) {
        Start start = begin(runId);
        if (start == null) {
            return;
        }
        // one trace per run: every change it publishes carries it on, to the verdict and the write in Karbon
        Span span = tracer.spanBuilder("sync run").setAttribute("xpmsync.firm", start.firmId())
                .setAttribute("xpmsync.run", runId.toString()).startSpan();
        MDC.put("firmId", start.firmId());
        try (Scope ignored = span.makeCurrent()) {
            run(runId, start);
        } finally {
            span.end();
            MDC.remove("firmId");
        }
    }

    private void run(UUID runId, Start start) {
        // A resumed run passes over the clients it handled before the crash, as read then: the watermark stays at
        // its first read's start, so a change made since is read by the next poll.
        Instant fetchedAt = start.readFrom();
        long callsBefore = xpm.callsMade(start.tenantId());
        try {
            if (!start.listRead()) {
                List<XpmClient> batch = new ArrayList<>();
                AtomicInteger lookups = new AtomicInteger(config.poll().getLookups());
                xpm.streamClients(start.firmId(), start.modifiedSince(), client -> {
                    batch.add(client);
                    if (batch.size() == batchSize) {
                        detector.detectClients(start.firmId(), runId,
                                getOnlyFields.filled(start.firmId(), batch, lookups),
                                start.settings().personStructures(), progress, start.preview());
                        batch.clear();
                    }
                });
                detector.detectClients(start.firmId(), runId, getOnlyFields.filled(start.firmId(), batch, lookups),
                        start.settings().personStructures(), progress, start.preview());
                progress.contactsFetched(runId, detector.stagedContacts(runId));
            }
            ChangeDetector.Counts contacts = detector.detectContacts(start.firmId(), runId, start.settings().scope(),
                    progress, start.preview());
            complete(runId, fetchedAt, xpm.callsMade(start.tenantId()) - callsBefore);
            detector.clearStaging(runId);
            ended(start, "completed", fetchedAt);
            LOG.infof("firm %s: sync run %s completed (%d contacts compared)", start.firmId(), runId,
                    contacts.published() + contacts.unchanged());
        } catch (XpmException e) {
            fail(runId, e.getMessage(), xpm.callsMade(start.tenantId()) - callsBefore);
            ended(start, "failed", fetchedAt);
            LOG.warnf("firm %s: sync run %s failed: %s", start.firmId(), runId, e.getMessage());
        } catch (RuntimeException e) {
            fail(runId, "internal error: " + e.getMessage(), xpm.callsMade(start.tenantId()) - callsBefore);
            ended(start, "failed", fetchedAt);
            LOG.errorf(e, "firm %s: sync run %s failed", start.firmId(), runId);
        }
    }

    /** Times the run from its first read, by outcome and mode ({@code xpmsync.sync.run.duration}, whose count counts runs). */
    private void ended(Start start, String outcome, Instant began) {
        String mode = start.modifiedSince() == null ? "full" : "incremental";
        Timer.builder("xpmsync.sync.run.duration").description("how long a sync run took, this instance's part")
                .tag("outcome", outcome).tag("mode", mode).register(metrics)
                .record(Duration.between(began, Instant.now()));
    }

    /**
     * Starts the run, or resumes one a crash interrupted (its counts, its {@code modifiedSince} and what it staged
     * are kept; a run that had read the whole list goes on with the staged contacts).
     */
    @Transactional
    Start begin(UUID runId) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        XpmConnectionEntity connection = run == null ? null : XpmConnectionEntity.findById(run.firmId);
        if (run == null || connection == null) {
            return null;
        }
        SyncSettings firmSettings = settings.settings(run.firmId);
        boolean preview = SyncRuns.PREVIEW.equals(run.trigger);
        if (run.startedAt != null) {
            LOG.infof("firm %s: sync run %s resumed (%s, %d clients handled before)", run.firmId, runId,
                    run.phase.toLowerCase(java.util.Locale.ROOT), run.clientsFetched);
            return new Start(run.firmId, connection.tenantId, run.modifiedSince, firmSettings,
                    SyncRunEntity.DETECTING.equals(run.phase), run.startedAt, preview);
        }
        if (preview) {
            detector.clearNotImported(run.firmId); // a preview is kept until the next one
        }
        run.phase = SyncRunEntity.FETCHING;
        run.startedAt = Instant.now();
        run.modifiedSince = run.incremental && connection.polledUpTo != null
                ? connection.polledUpTo.minus(config.poll().lookBack()) : null;
        run.incremental = run.modifiedSince != null;
        return new Start(run.firmId, connection.tenantId, run.modifiedSince, firmSettings, false, run.startedAt,
                preview);
    }

    @Transactional
    void complete(UUID runId, Instant fetchedAt, long calls) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        run.xpmCalls += (int) calls;
        run.phase = SyncRunEntity.COMPLETED;
        run.finishedAt = Instant.now();
        XpmConnectionEntity connection = XpmConnectionEntity.findById(run.firmId);
        // a preview changes nothing: the watermark (and with it the start of scheduled polls) stays where it was
        if (connection != null && !SyncRuns.PREVIEW.equals(run.trigger)
                && (connection.polledUpTo == null || connection.polledUpTo.isBefore(fetchedAt))) {
            connection.polledUpTo = fetchedAt;
        }
    }

    @Transactional
    void fail(UUID runId, String error, long calls) {
        SyncRunEntity run = SyncRunEntity.findById(runId);
        run.phase = SyncRunEntity.FAILED;
        run.error = error;
        run.xpmCalls += (int) calls;
        run.finishedAt = Instant.now();
        detector.clearStaging(runId);
    }
}
