package io.xpmsync.messaging;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A firm's own dead letters, for the console (a class of its own: its path is more specific than a service's
 * {@code /firms/{firmId}} resources, so it is the one chosen): {@code GET /firms/{firmId}/dead-letters} and
 * {@code POST /firms/{firmId}/dead-letters/replay} with {@code {topic, partition, offset}}; 404 for another firm's.
 */
@Path("/firms/{firmId}/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class FirmDeadLetterResource {

    private final DeadLetters deadLetters;

    FirmDeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public List<DeadLetters.DeadLetter> firm(@PathParam("firmId") String firmId,
                                             @QueryParam("limit") @DefaultValue("100") int limit) {
        List<DeadLetters.DeadLetter> all = new ArrayList<>();
        for (String topic : deadLetters.topics()) {
            all.addAll(deadLetters.list(topic, firmId, Math.max(1, Math.min(limit, 1000))));
        }
        return all;
    }

    /** Replays one record of the firm's own ({@code {topic, partition, offset}}): the console's "Try again". */
    @POST
    @Path("replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replayOwn(@PathParam("firmId") String firmId, One one) {
        if (one == null || one.topic() == null || !deadLetters.topics().contains(one.topic())) {
            return DeadLetterResource.unknown(deadLetters, one == null ? null : one.topic());
        }
        int replayed = deadLetters.replay(one.topic(), new DeadLetters.Selection(firmId,
                List.of(new DeadLetters.Selection.Position(one.partition(), one.offset()))));
        if (replayed == 0) {
            return Response.status(404).type("application/problem+json").entity(Map.of("title", "Not Found",
                    "status", 404, "detail", "this firm has no such failed record")).build();
        }
        return Response.ok(Map.of("replayed", replayed)).build();
    }

    /** One record of a dead-letter topic. */
    public record One(String topic, int partition, long offset) {
    }
}
