package io.xpmsync.karbonsandbox.webhooks;

import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Karbon's webhook subscriptions, as its API documents them: one subscription per firm and webhook type, created,
 * read and deleted through {@code /v3/WebhookSubscriptions}. A change of a Contact, Organization (or Client Group) is
 * noted in the same transaction as the change; changes of one record within the coalescing window (Karbon's: 60
 * seconds after the last change) become one notice. {@link WebhookDelivery} sends them.
 */
@ApplicationScoped
public class Webhooks {

    /** The webhook types the spec names for reading and deleting; {@code CustomField} cannot be created by POST. */
    public static final List<String> TYPES = List.of("Contact", "CustomField", "Work", "Note", "User",
            "IntegrationTask", "Invoice", "EstimateSummary");
    private static final Set<String> CREATABLE = Set.of("Contact", "Work", "Note", "User", "IntegrationTask",
            "Invoice", "EstimateSummary");
    private static final Pattern SIGNING_KEY = Pattern.compile("^[A-Za-z0-9-_]{16,}$");

    /** A subscription as stored. */
    public record Subscription(String firmId, String webhookType, String targetUrl, String signingKey) {
    }

    private final EntityManager em;
    private final Duration coalesce;

    Webhooks(EntityManager em,
             @ConfigProperty(name = "karbon-sandbox.webhooks.coalesce", defaultValue = "60s") Duration coalesce) {
        this.em = em;
        this.coalesce = coalesce;
    }

    @Transactional
    public Subscription subscribe(String firmId, String webhookType, String targetUrl, String signingKey) {
        if (webhookType == null || webhookType.isBlank()) {
            throw new KarbonApiException(400, "4005", "Required payload data is missing: WebhookType");
        }
        if (!CREATABLE.contains(webhookType)) {
            throw new KarbonApiException(400, "4004", "No Webhook Type found for the provided WebhookType input"
                    + " value : " + webhookType + ". Valid WebhookTypes are "
                    + String.join(", ", CREATABLE.stream().sorted().toList()));
        }
        if (targetUrl == null || targetUrl.isBlank()) {
            throw new KarbonApiException(400, "4005", "Required payload data is missing: TargetUrl");
        }
        if (targetUrl.length() > 2000 || !absoluteHttpUrl(targetUrl)) {
            throw new KarbonApiException(400, "4002", "TargetUrl must be an absolute http(s) URL of at most"
                    + " 2000 characters");
        }
        if (signingKey != null && !SIGNING_KEY.matcher(signingKey).matches()) {
            throw new KarbonApiException(400, "4002", "SigningKey must be at least 16 letters, numbers, dashes or"
                    + " underscores");
        }
        if (find(firmId, webhookType).isPresent()) {
            throw new KarbonApiException(400, "4002", "A Webhook Subscription of type " + webhookType + " already exists;"
                    + " only one can exist per entity");
        }
        em.createNativeQuery("INSERT INTO webhook_subscription (firm_id, webhook_type, target_url, signing_key,"
                        + " created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, firmId).setParameter(2, webhookType).setParameter(3, targetUrl.strip())
                .setParameter(4, signingKey).setParameter(5, Timestamp.from(Instant.now())).executeUpdate();
        return new Subscription(firmId, webhookType, targetUrl.strip(), signingKey);
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<Subscription> find(String firmId, String webhookType) {
        List<Object[]> rows = em.createNativeQuery("SELECT target_url, signing_key FROM webhook_subscription"
                        + " WHERE firm_id = ?1 AND webhook_type = ?2")
                .setParameter(1, firmId).setParameter(2, webhookType).getResultList();
        return rows.stream().findFirst()
                .map(r -> new Subscription(firmId, webhookType, (String) r[0], (String) r[1]));
    }

    /** Deletes the firm's subscription of this type (all of them when {@code webhookType} is null). */
    @Transactional
    public void unsubscribe(String firmId, String webhookType) {
        em.createNativeQuery("DELETE FROM webhook_subscription WHERE firm_id = ?1 AND (?2 = '' OR webhook_type = ?2)")
                .setParameter(1, firmId).setParameter(2, webhookType == null ? "" : webhookType).executeUpdate();
        if (webhookType == null || "Contact".equals(webhookType)) {
            em.createNativeQuery("DELETE FROM webhook_notice WHERE firm_id = ?1").setParameter(1, firmId)
                    .executeUpdate();
        }
    }

    /**
     * Notes a change of a Contact or Organization for the firm's {@code Contact} subscription, if it has one (in the
     * caller's transaction). A notice not yet sent is pushed back to the end of the window; it stays {@code Inserted}
     * when the record was created within it, and becomes {@code Deleted} when it was deleted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(String firmId, String resourceKey, ChangeKind change, Instant at) {
        if (find(firmId, "Contact").isEmpty()) {
            return;
        }
        String action = switch (change) {
            case CREATED -> "Inserted";
            case DELETED -> "Deleted";
            default -> "Updated";
        };
        em.createNativeQuery("INSERT INTO webhook_notice (firm_id, resource_key, action_type, time_stamp, due_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (firm_id, resource_key) DO UPDATE SET"
                        + " action_type = CASE WHEN EXCLUDED.action_type = 'Deleted' THEN 'Deleted'"
                        + " WHEN webhook_notice.action_type = 'Inserted' AND webhook_notice.attempts = 0 THEN 'Inserted'"
                        + " ELSE EXCLUDED.action_type END,"
                        + " time_stamp = EXCLUDED.time_stamp, due_at = EXCLUDED.due_at, attempts = 0, last_error = NULL")
                .setParameter(1, firmId).setParameter(2, resourceKey).setParameter(3, action)
                .setParameter(4, Timestamp.from(at)).setParameter(5, Timestamp.from(Instant.now().plus(coalesce)))
                .executeUpdate();
    }

    private static boolean absoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value.strip());
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
