package io.xpmsync.matching.webhooks;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.client.karbon.model.WebhookSubscriptionDto;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.matching.service.KarbonClients;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps every firm subscribed to Karbon's {@code Contact} webhooks when webhooks are the source of Karbon changes: a
 * firm whose Karbon connection is registered is subscribed (with a signing key of its own), and each subscription is
 * checked every {@code MATCHING_WEBHOOK_CHECK_INTERVAL}. Karbon ends a subscription after ten failed deliveries; one
 * found missing is created again, and what Karbon changed while it was missing (since the last notice received, with
 * an overlap) is read from Karbon's lists and followed up like notices, so nothing is lost.
 */
@ApplicationScoped
public class KarbonWebhookSubscriptions {

    public static final String PENDING = "PENDING";
    public static final String ACTIVE = "ACTIVE";
    public static final String FAILED = "FAILED";
    public static final String WEBHOOK_TYPE = "Contact";

    private static final Logger LOG = Logger.getLogger(KarbonWebhookSubscriptions.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);
    /** Karbon waits 60 s after a record's last change before it notifies; a catch-up reaches back past that. */
    private static final Duration CATCH_UP_OVERLAP = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Claim(String firmId, KarbonConnectionEntity connection, String signingKey, boolean wasActive,
                         Instant lastNotice, Instant since, Instant lease) {
    }

    private final MatchingConfig config;
    private final KarbonClients clients;
    private final SecretBox secrets;
    private final KarbonNotices notices;
    private volatile boolean adopted;

    KarbonWebhookSubscriptions(MatchingConfig config, KarbonClients clients, SecretBox secrets,
                               KarbonNotices notices) {
        this.config = config;
        this.clients = clients;
        this.secrets = secrets;
        this.notices = notices;
    }

    public boolean enabled() {
        return "webhooks".equals(config.karbonEvents());
    }

    /** A new signing key: 32 random bytes, base64url (letters, digits, dashes and underscores, as Karbon asks). */
    public static String newSigningKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** Where Karbon sends the firm's notices. */
    public String targetUrl(String firmId) {
        return config.webhooks().publicUrl().replaceAll("/+$", "") + "/karbon/webhooks/"
                + URLEncoder.encode(firmId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Subscribes or checks every firm whose check is due. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void checkDue() {
        if (!enabled()) {
            return;
        }
        if (!adopted) {
            // firms connected while Karbon changes came from the platform stream are subscribed now
            int adopting = QuarkusTransaction.requiringNew().call(() -> KarbonConnectionEntity.update(
                    "webhookState = ?1, webhookDueAt = ?2 where webhookState is null", PENDING, Instant.now()));
            if (adopting > 0) {
                LOG.infof("%d firms connected before Karbon's webhooks were the source are subscribed now", adopting);
            }
            adopted = true;
        }
        for (Optional<Claim> claim = claimNext(); claim.isPresent(); claim = claimNext()) {
            ensure(claim.get());
        }
    }

    private Optional<Claim> claimNext() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Optional<KarbonConnectionEntity> next = KarbonConnectionEntity.<KarbonConnectionEntity>find(
                            "webhookState is not null and webhookDueAt <= ?1 order by webhookDueAt", now)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint("jakarta.persistence.lock.timeout", -2)
                    .page(0, 1).firstResultOptional();
            return next.map(c -> {
                if (c.webhookKeySealed == null) {
                    c.webhookKeySealed = secrets.seal(newSigningKey(), c.firmId);
                }
                Instant lease = now.plusSeconds(60); // an instance that dies mid-check leaves it for a minute
                c.webhookDueAt = lease;
                KarbonConnectionEntity detached = new KarbonConnectionEntity();
                detached.firmId = c.firmId;
                detached.baseUrl = c.baseUrl;
                detached.applicationId = c.applicationId;
                detached.accessKeySealed = c.accessKeySealed;
                return new Claim(c.firmId, detached, secrets.open(c.webhookKeySealed, c.firmId), ACTIVE.equals(c.webhookState),
                        notices.lastSeen(c.firmId).orElse(null), c.webhookCheckedAt, lease);
            });
        });
    }

    private void ensure(Claim claim) {
        String target = targetUrl(claim.firmId());
        try {
            KarbonClient karbon = clients.forFirm(claim.connection(), LONGEST_WAIT);
            Optional<WebhookSubscriptionDto> current = karbon.webhookSubscription(WEBHOOK_TYPE);
            if (current.isPresent() && target.equals(current.get().targetUrl())) {
                settle(claim, ACTIVE, null, true, Instant.now().plus(config.webhooks().checkInterval()));
                return;
            }
            if (current.isPresent()) {
                // another address (this deployment moved, or another one of ours): ours replaces it
                karbon.unsubscribeWebhook(WEBHOOK_TYPE);
            }
            karbon.subscribeWebhook(WEBHOOK_TYPE, target, claim.signingKey());
            if (claim.wasActive()) {
                int caught = catchUp(karbon, claim);
                LOG.infof("firm %s: Karbon had ended its webhook subscription; subscribed again and following up %d"
                        + " records Karbon changed meanwhile", claim.firmId(), caught);
            } else {
                LOG.infof("firm %s: subscribed to Karbon's Contact webhooks at %s", claim.firmId(), target);
            }
            settle(claim, ACTIVE, null, true, Instant.now().plus(config.webhooks().checkInterval()));
        } catch (KarbonClientException e) {
            if (e.status() == 429 || e.status() == 0 || e.status() >= 500) {
                // tried again at once when the allowance has room, or in a minute when Karbon answers again
                settle(claim, null, e.getMessage(), false,
                        Instant.now().plus(e.retryAfter().orElse(Duration.ofSeconds(30))));
            } else {
                LOG.warnf("firm %s: Karbon refused the webhook subscription: %s", claim.firmId(), e.getMessage());
                settle(claim, FAILED, "Karbon refused the webhook subscription: " + e.getMessage(), false,
                        Instant.now().plus(config.webhooks().checkInterval()));
            }
        }
    }

    /**
     * Notes every record Karbon changed since the firm's last notice (or last check), less an overlap, as a notice to
     * follow up; the follow-up publishes only what differs from what was published.
     */
    private int catchUp(KarbonClient karbon, Claim claim) {
        Instant since = java.util.stream.Stream.of(claim.lastNotice(), claim.since())
                .filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(Instant.now())
                .minus(CATCH_UP_OVERLAP);
        var organizations = karbon.listOrganizationsChangedSince(since);
        var people = karbon.listContactsChangedSince(since);
        QuarkusTransaction.requiringNew().run(() -> {
            for (OrganizationSummaryDto o : organizations) {
                notices.note(claim.firmId(), o.organizationKey(), "Updated");
            }
            for (ContactSummaryDto c : people) {
                notices.note(claim.firmId(), c.contactKey(), "Updated");
            }
        });
        return organizations.size() + people.size();
    }

    /**
     * Records the check's outcome ({@code state} null keeps the state: a transient failure) and when the next check is
     * due, unless a registration came meanwhile (it asked for a check of its own, which stands).
     */
    private void settle(Claim claim, String state, String error, boolean seen, Instant nextCheck) {
        QuarkusTransaction.requiringNew().run(() -> {
            KarbonConnectionEntity c = KarbonConnectionEntity.findById(claim.firmId(), LockModeType.PESSIMISTIC_WRITE);
            if (c == null || c.webhookDueAt == null || !c.webhookDueAt.equals(claim.lease())) {
                return;
            }
            if (state != null) {
                c.webhookState = state;
            }
            if (seen) {
                c.webhookCheckedAt = Instant.now();
            }
            c.webhookError = error;
            c.webhookDueAt = nextCheck;
        });
    }
}
