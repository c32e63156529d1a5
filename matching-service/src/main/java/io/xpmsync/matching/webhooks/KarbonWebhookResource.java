package io.xpmsync.matching.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Karbon's webhook notices for one firm, the only endpoint of xpm-sync that Karbon (outside) must reach. A body is read
 * only up to {@link KarbonWebhookBodyLimit#MAX_BYTES}; a notice is taken only with a valid {@code Signature} (the hex
 * HMAC-SHA256 of the body, keyed with the firm's signing key; an unknown firm fails the same way), only once and only
 * while fresh ({@link KarbonNoticeReplays}), and only noted here (answered at once, as Karbon asks);
 * {@link KarbonNoticeWorker} reads the record and publishes it.
 */
@Path("/karbon/webhooks/{firmId}")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class KarbonWebhookResource {

    private static final Logger LOG = Logger.getLogger(KarbonWebhookResource.class);
    private static final Set<String> ACTIONS = Set.of("Inserted", "Updated", "Deleted");

    private final KarbonNoticeSignatures signatures;
    private final KarbonNoticeReplays replays;
    private final KarbonNotices notices;
    private final ObjectMapper json;
    private final KarbonWebhookSubscriptions subscriptions;

    KarbonWebhookResource(KarbonNoticeSignatures signatures, KarbonNoticeReplays replays, KarbonNotices notices,
                          ObjectMapper json, KarbonWebhookSubscriptions subscriptions) {
        this.signatures = signatures;
        this.replays = replays;
        this.notices = notices;
        this.json = json;
        this.subscriptions = subscriptions;
    }

    @POST
    @Transactional
    public Response notice(@PathParam("firmId") String firmId, @HeaderParam("Signature") String signature,
                           InputStream body, @Context RoutingContext http) throws IOException {
        Optional<byte[]> read = KarbonWebhookBodyLimit.read(body);
        if (read.isEmpty()) {
            return KarbonWebhookBodyLimit.tooLarge(http);
        }
        if (!subscriptions.enabled()) {
            // Karbon changes come from the platform stream here: a subscription left from before gets no answer it
            // counts as delivered, so Karbon ends it after its retries
            return problem(404, "Not a webhook receiver", "this deployment takes Karbon changes from the Karbon"
                    + " platform's event stream, not from webhooks");
        }
        if (signature == null || signature.isBlank()) {
            return problem(401, "Unsigned notice", "a notice must carry the Signature header Karbon sends");
        }
        if (!signatures.valid(firmId, read.get(), signature)) {
            return problem(401, "Bad signature", "the Signature header does not match the body signed with the"
                    + " signing key of the firm the address names");
        }
        JsonNode notice;
        try {
            notice = json.readTree(read.get());
        } catch (IOException e) {
            return problem(400, "Malformed notice", "the body is not JSON: " + e.getMessage());
        }
        if (notice == null || !notice.isObject()) {
            return problem(400, "Malformed notice", "the body must be a JSON object");
        }
        String key = notice.path("ResourcePermaKey").asText("");
        String type = notice.path("ResourceType").asText("");
        String action = notice.path("ActionType").asText("");
        Optional<Instant> timeStamp = instant(notice.path("TimeStamp").asText(""));
        if (key.isBlank() || key.length() > 100) {
            return problem(400, "Malformed notice", "ResourcePermaKey is required (at most 100 characters)");
        }
        if (!ACTIONS.contains(action)) {
            return problem(400, "Malformed notice", "ActionType must be Inserted, Updated or Deleted, not '" + action
                    + "'");
        }
        if (timeStamp.isEmpty()) {
            return problem(400, "Malformed notice", "TimeStamp is required: when Karbon changed the record, as in"
                    + " 2024-08-01T21:54:36Z");
        }
        switch (replays.take(firmId, key, action, timeStamp.get())) {
            case STALE -> {
                LOG.warnf("firm %s: a signed Karbon notice of record %s dated %s is older than the replay window"
                        + " (%s); answered and not followed up", firmId, key, timeStamp.get(), replays.window());
                return taken(false, "the notice is older than the replay window (" + replays.window().toHours()
                        + " h): not followed up");
            }
            case REPEATED -> {
                LOG.debugf("firm %s: a Karbon notice of record %s came again; not followed up again", firmId, key);
                return taken(false, "this notice was already taken");
            }
            case FRESH -> notices.seen(firmId);
        }
        if (!"Contact".equals(type)) {
            // not a contact notice (Karbon's Contact webhook carries no other type today): taken, nothing to do
            return taken(false, "ResourceType '" + type + "' is not synced");
        }
        notices.note(firmId, key, action);
        return Response.ok(Map.of("taken", true)).build();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Response taken(boolean taken, String reason) {
        return Response.ok(Map.of("taken", taken, "reason", reason)).build();
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
