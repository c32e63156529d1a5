package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import io.xpmsync.karbonsandbox.webhooks.Webhooks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Karbon API v3 WebhookSubscriptions: one subscription per firm and webhook type; create, read, delete. */
@Path("/v3/WebhookSubscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookSubscriptionsResource {

    private final Webhooks webhooks;
    private final CurrentFirm firm;

    WebhookSubscriptionsResource(Webhooks webhooks, CurrentFirm firm) {
        this.webhooks = webhooks;
        this.firm = firm;
    }

    /** 201 with the subscription and its Location; 400 when one of that type exists or the body is not valid. */
    @POST
    public Response create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new KarbonApiException(400, "4002", "WebhookSubscription model cannot be null.");
        }
        Webhooks.Subscription created = webhooks.subscribe(firm.get().firmId, text(body, "WebhookType"),
                text(body, "TargetUrl"), text(body, "SigningKey"));
        return Response.created(URI.create("https://api.karbonhq.com/v3/WebhookSubscriptions('"
                        + created.targetUrl().replace("'", "''") + "')"))
                .entity(json(created)).build();
    }

    @GET
    @Path("{type}")
    public ObjectNode get(@PathParam("type") String type) {
        known(type);
        return webhooks.find(firm.get().firmId, type).map(WebhookSubscriptionsResource::json)
                .orElseThrow(() -> new KarbonApiException(404, "4004", "No existing webhook subscription for "
                        + type));
    }

    @DELETE
    @Path("{type}")
    public Response delete(@PathParam("type") String type) {
        known(type);
        webhooks.unsubscribe(firm.get().firmId, type);
        return Response.noContent().build();
    }

    @DELETE
    public Response deleteAll() {
        webhooks.unsubscribe(firm.get().firmId, null);
        return Response.noContent().build();
    }

    private static void known(String type) {
        if (!Webhooks.TYPES.contains(type)) {
            throw new KarbonApiException(404, "4004", "No Webhook Type found for the provided WebhookType input value"
                    + " : " + type + ". Valid WebhookTypes are " + String.join(", ", Webhooks.TYPES));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new KarbonApiException(400, "4002", field + " must be a string");
        }
        return value.asText();
    }

    private static ObjectNode json(Webhooks.Subscription subscription) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("@odata.context", ApiMapper.METADATA + "#WebhookSubscriptions/$entity");
        node.put("TargetUrl", subscription.targetUrl());
        node.put("WebhookType", subscription.webhookType());
        return node;
    }
}
