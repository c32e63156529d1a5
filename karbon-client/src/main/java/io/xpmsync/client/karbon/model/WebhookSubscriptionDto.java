package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Karbon webhook subscription: where Karbon sends notices of one webhook type. {@code SigningKey} is sent when
 * subscribing and never answered back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookSubscriptionDto(
        @JsonProperty("@odata.context") String odataContext,
        @JsonProperty("TargetUrl") String targetUrl,
        @JsonProperty("WebhookType") String webhookType,
        @JsonProperty("SigningKey") String signingKey) {
}
