package io.xpmsync.matching.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.client.karbon.WebhookSignature;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Karbon's webhook notices for one firm, the only endpoint of xpm-sync that Karbon (outside) must reach. A notice is
 * taken only with a valid {@code Signature} (the hex HMAC-SHA256 of the body, keyed with the firm's signing key) and
 * only noted here (answered at once, as Karbon asks); {@link KarbonNoticeWorker} reads the record and publishes it.
 */
@Path("/karbon/webhooks/{firmId}")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class KarbonWebhookResource {

    private static final Set<String> ACTIONS = Set.of("Inserted", "Updated", "Deleted");

    private final SecretBox secrets;
    private final KarbonNotices notices;
    private final ObjectMapper json;
    private final KarbonWebhookSubscriptions subscriptions;

    KarbonWebhookResource(SecretBox secrets, KarbonNotices notices, ObjectMapper json,
                          KarbonWebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.notices = notices;
        this.json = json;
    }

    @POST
    @Transactional
    public Response notice(@PathParam("firmId") String firmId, @HeaderParam("Signature") String signature,
                           byte[] body) {
        if (!subscriptions.enabled()) {
            // Karbon changes come from the platform stream here: a subscription left from before gets no answer it
            // counts as delivered, so Karbon ends it after its retries
            return problem(404, "Not a webhook receiver", "this deployment takes Karbon changes from the Karbon"
                    + " platform's event stream, not from webhooks");
        }
        KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId);
        if (connection == null || connection.webhookKeySealed == null) {
            return problem(404, "Unknown firm", "no firm '" + firmId + "' takes Karbon webhook notices here");
        }
        if (signature == null || signature.isBlank()) {
            return problem(401, "Unsigned notice", "a notice must carry the Signature header Karbon sends");
        }
        if (!WebhookSignature.verify(body, secrets.open(connection.webhookKeySealed, connection.firmId), signature)) {
            return problem(401, "Bad signature", "the Signature header does not match the body signed with the"
                    + " firm's signing key");
        }
        JsonNode notice;
        try {
            notice = json.readTree(body);
        } catch (IOException e) {
            return problem(400, "Malformed notice", "the body is not JSON: " + e.getMessage());
        }
        if (notice == null || !notice.isObject()) {
            return problem(400, "Malformed notice", "the body must be a JSON object");
        }
        String key = notice.path("ResourcePermaKey").asText("");
        String type = notice.path("ResourceType").asText("");
        String action = notice.path("ActionType").asText("");
        if (key.isBlank() || key.length() > 100) {
            return problem(400, "Malformed notice", "ResourcePermaKey is required (at most 100 characters)");
        }
        if (!ACTIONS.contains(action)) {
            return problem(400, "Malformed notice", "ActionType must be Inserted, Updated or Deleted, not '" + action
                    + "'");
        }
        notices.seen(firmId);
        if (!"Contact".equals(type)) {
            // not a contact notice (Karbon's Contact webhook carries no other type today): taken, nothing to do
            return Response.ok(Map.of("taken", false, "reason", "ResourceType '" + type + "' is not synced")).build();
        }
        notices.note(firmId, key, action);
        return Response.ok(Map.of("taken", true)).build();
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
