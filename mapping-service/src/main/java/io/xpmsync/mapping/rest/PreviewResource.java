package io.xpmsync.mapping.rest;

import io.xpmsync.mapping.preview.SyncPreviews;
import io.xpmsync.mapping.service.RunOutcomes.Outcome;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Problems;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.Locale;

/**
 * Preview Sync as mapping-service saw it: what a Sync Now would do with each XPM record the preview read (counts, and
 * each group as a searchable list), and the first real run after it compared with it. The preview run itself is
 * started at connector-service ({@code POST /firms/{firmId}/sync-runs?preview=true}).
 */
@Path("/firms/{firmId}")
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

    private final SyncPreviews previews;

    PreviewResource(SyncPreviews previews) {
        this.previews = previews;
    }

    @GET
    @Path("previews/{runId}")
    public SyncPreviews.Summary summary(@PathParam("firmId") String firmId, @PathParam("runId") String runId) {
        return previews.summary(MappingResource.firm(firmId), MappingResource.uuid(runId));
    }

    /** One group ({@code outcome}) of the preview by name; {@code search} keeps the names that contain it. */
    @GET
    @Path("previews/{runId}/records")
    public SyncPreviews.RecordPage records(@PathParam("firmId") String firmId, @PathParam("runId") String runId,
                                           @QueryParam("outcome") String outcome, @QueryParam("search") String search,
                                           @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || s < 1 || s > 200) {
            throw new ApiProblem(400, "page must be 0 or more and size between 1 and 200");
        }
        if (search != null && search.length() > 200) {
            throw new ApiProblem(400, "search must be at most 200 characters", "search");
        }
        return previews.records(MappingResource.firm(firmId), MappingResource.uuid(runId), outcome(outcome), search,
                p, s);
    }

    /** The first real run after the firm's latest preview, compared with it record by record. */
    @GET
    @Path("sync-runs/{runId}/preview-comparison")
    public SyncPreviews.Comparison comparison(@PathParam("firmId") String firmId, @PathParam("runId") String runId) {
        return previews.comparison(MappingResource.firm(firmId), MappingResource.uuid(runId));
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isBlank()) {
            throw new ApiProblem(400, "outcome is required: one of " + Arrays.toString(Outcome.values()), "outcome");
        }
        try {
            return Outcome.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "outcome must be one of " + Arrays.toString(Outcome.values()) + ", not '"
                    + Problems.echo(value) + "'", "outcome");
        }
    }
}
