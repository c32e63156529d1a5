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
 * The service's dead letters over HTTP (every service has them): {@code GET /admin/dead-letters} (its dead-letter
 * topics and how many records each holds), {@code GET /admin/dead-letters/{topic}?firm=&limit=} (the records, with
 * why they failed and where they came from), {@code POST /admin/dead-letters/{topic}/replay} with
 * {@code {"firmId"?, "records"?: [{"partition", "offset"}]}} (none named: all of them), and
 * a firm's own for the console in {@link FirmDeadLetterResource}. An unknown topic is 404 with the topics there are.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public List<DeadLetters.Topic> topics() {
        return deadLetters.summary();
    }

    @GET
    @Path("{topic}")
    public Response records(@PathParam("topic") String topic, @QueryParam("firm") String firmId,
                            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (!deadLetters.topics().contains(topic)) {
            return unknown(topic);
        }
        return Response.ok(deadLetters.list(topic, firmId, Math.max(1, Math.min(limit, 1000)))).build();
    }

    @POST
    @Path("{topic}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replay(@PathParam("topic") String topic, DeadLetters.Selection selection) {
        if (!deadLetters.topics().contains(topic)) {
            return unknown(topic);
        }
        int replayed = deadLetters.replay(topic, selection == null ? new DeadLetters.Selection(null, List.of())
                : selection);
        return Response.ok(Map.of("topic", topic, "replayed", replayed)).build();
    }

    private Response unknown(String topic) {
        return unknown(deadLetters, topic);
    }

    static Response unknown(DeadLetters deadLetters, String topic) {
        return Response.status(404).type("application/problem+json").entity(Map.of("title", "Not Found",
                "status", 404, "detail", "'" + topic + "' is not a dead-letter topic of this service; its topics: "
                        + String.join(", ", deadLetters.topics()))).build();
    }
}
