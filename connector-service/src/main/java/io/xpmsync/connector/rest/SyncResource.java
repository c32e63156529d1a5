package io.xpmsync.connector.rest;

import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Problems;
import io.xpmsync.connector.connection.FirmIds;
import io.xpmsync.connector.settings.SyncSettingsService;
import io.xpmsync.connector.sync.SyncRuns;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.contracts.events.SyncSettings;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Contact Sync Settings (view, Edit), Sync Now and Preview Sync with their runs. */
@Path("/firms/{firmId}")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final SyncSettingsService settings;
    private final SyncRuns runs;

    SyncResource(SyncSettingsService settings, SyncRuns runs) {
        this.settings = settings;
        this.runs = runs;
    }

    @GET
    @Path("sync-settings")
    public SyncSettingsService.View settings(@PathParam("firmId") String firmId) {
        return settings.get(FirmIds.require(firmId));
    }

    /**
     * Edit: validated (an unknown value is a 400 naming the field), stored and published; a request that names no
     * conflict policy keeps the firm's. Widening the scope to Clients and Contacts after the firm's first sync starts
     * a full run, so the contacts XPM already has come over without waiting; before it, the first Sync Now brings
     * them.
     */
    @PUT
    @Path("sync-settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncSettingsService.View edit(@PathParam("firmId") String firmId, SyncSettingsService.Request request) {
        SyncSettings[] change = settings.put(FirmIds.require(firmId), request);
        if (change[1].xpmConnected() && change[0].scope() == SyncScope.CLIENTS_ONLY
                && change[1].scope() == SyncScope.CLIENTS_AND_CONTACTS && runs.hasCompleted(firmId)) {
            runs.request(firmId, SyncRuns.SETTINGS);
        }
        return settings.get(firmId);
    }

    /**
     * Sync Now: answers 202 at once with the new run, which runs in the background; or 200 with the firm's run that
     * is already queued or running (one at a time). With {@code preview=true}, a Preview Sync: the same read and
     * classification, its events marked as a preview, so nothing changes in Karbon, XPM or the mappings.
     */
    @POST
    @Path("sync-runs")
    public Response syncNow(@PathParam("firmId") String firmId, @QueryParam("preview") String preview) {
        if (preview != null && !preview.equals("true") && !preview.equals("false")) {
            throw new ApiProblem(400, "preview must be true or false", "preview");
        }
        SyncRuns.Requested requested = runs.request(FirmIds.require(firmId),
                "true".equals(preview) ? SyncRuns.PREVIEW : SyncRuns.SYNC_NOW);
        SyncRuns.View run = requested.run();
        return (requested.queuedNow() ? Response.accepted(run) : Response.ok(run))
                .location(URI.create("/firms/" + firmId + "/sync-runs/" + run.id())).build();
    }

    @GET
    @Path("sync-runs/{runId}")
    public SyncRuns.View run(@PathParam("firmId") String firmId, @PathParam("runId") String runId) {
        return runs.get(FirmIds.require(firmId), uuid(runId));
    }

    /** What a Preview Sync read from XPM and would not import, by name with the reason. */
    @GET
    @Path("sync-runs/{runId}/not-imported")
    public List<io.xpmsync.connector.sync.ChangeDetector.NotImported> notImported(@PathParam("firmId") String firmId,
                                                                                  @PathParam("runId") String runId) {
        return runs.notImported(FirmIds.require(firmId), uuid(runId));
    }

    @GET
    @Path("sync-runs")
    public List<SyncRuns.View> latest(@PathParam("firmId") String firmId, @QueryParam("limit") Integer limit) {
        return runs.latest(FirmIds.require(firmId), limit == null ? 10 : limit);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "'" + Problems.echo(value) + "' is not a sync run id", "runId");
        }
    }
}
