package io.xpmsync.mapping.rest;

import io.xpmsync.mapping.service.RunOutcomes;
import io.xpmsync.mapping.work.KarbonWorkQueue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/**
 * A sync run's outcome as mapping-service saw it: how many XPM records were linked and updated, unchanged, matched
 * exactly, created in Karbon, left partial, skipped (archived, deleted) or failed, and how many were processed.
 * Compare {@code processed} with the run's {@code changesPublished} (connector-service) to know it is complete. Each
 * failed record is listed with its name and the reason.
 */
@Path("/firms/{firmId}/sync-runs/{runId}/outcome")
@Produces(MediaType.APPLICATION_JSON)
public class RunOutcomeResource {

    public record Outcome(UUID syncRunId, int linkedUpdated, int unchanged, int exact, int created, int partial,
                          int skipped, int failed, int processed, List<KarbonWorkQueue.Failure> failures) {
    }

    private final RunOutcomes outcomes;
    private final KarbonWorkQueue work;

    RunOutcomeResource(RunOutcomes outcomes, KarbonWorkQueue work) {
        this.outcomes = outcomes;
        this.work = work;
    }

    @GET
    public Outcome outcome(@PathParam("firmId") String firmId, @PathParam("runId") String runId) {
        UUID id = MappingResource.uuid(runId);
        String firm = MappingResource.firm(firmId);
        int[] c = outcomes.counts(firm, id);
        if (c == null) {
            return new Outcome(id, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
        int processed = 0;
        for (int n : c) {
            processed += n;
        }
        return new Outcome(id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], processed,
                c[6] == 0 ? List.of() : work.failures(firm, id));
    }
}
