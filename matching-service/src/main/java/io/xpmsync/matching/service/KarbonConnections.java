package io.xpmsync.matching.service;

import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.matching.config.MatchingConfig;
import io.xpmsync.matching.webhooks.KarbonNotices;
import io.xpmsync.matching.webhooks.KarbonWebhookSubscriptions;
import io.xpmsync.messaging.ForgottenFirms;
import io.xpmsync.messaging.SecretBox;
import io.xpmsync.matching.persistence.FirmPersonStructures;
import io.xpmsync.matching.persistence.HeldXpmChanges;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.matching.persistence.KarbonContactRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xpmsync.client.karbon.KarbonClientException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Registers how to reach a firm's Karbon and decides when its index is (re)bootstrapped. */
@ApplicationScoped
public class KarbonConnections {

    /** What a caller may see of a connection: never the access key. */
    public record Status(String firmId, String baseUrl, String applicationId, boolean xpmConnected,
                         String bootstrapState, String bootstrapError, Instant bootstrappedAt, Instant freshAsOf,
                         long indexedContacts, long heldXpmChanges, Instant waitsUntil, String waitReason,
                         String karbonEvents, Webhook webhook, String summary) {
    }

    /** The outcome of testing a firm's Karbon credentials with one call, in words. */
    public record Test(boolean ok, String message) {
    }

    /**
     * The firm's subscription to Karbon's webhooks (webhooks mode only): PENDING, ACTIVE or FAILED (with the error),
     * when Karbon last showed it in place, and notices received and not yet followed up.
     */
    public record Webhook(String state, String error, Instant checkedAt, long waitingNotices) {
    }

    /** How to call the firm's Karbon: only for this service's own calls and its Karbon proxy; never served. */
    public record Credentials(String baseUrl, String applicationId, String accessKey) {
    }

    private static final Logger LOG = Logger.getLogger(KarbonConnections.class);

    private final SecretBox secrets;
    private final KarbonContactRepository contacts;
    private final HeldXpmChanges held;
    private final MatchingConfig config;
    private final KarbonNotices notices;
    private final KarbonClients clients;
    private final ForgottenFirms forgotten;

    KarbonConnections(SecretBox secrets, KarbonContactRepository contacts, HeldXpmChanges held, MatchingConfig config,
                      KarbonNotices notices, KarbonClients clients, FirmPersonStructures personStructures,
                      ForgottenFirms forgotten) {
        this.forgotten = forgotten;
        this.personStructures = personStructures;
        this.clients = clients;
        this.secrets = secrets;
        this.contacts = contacts;
        this.held = held;
        this.config = config;
        this.notices = notices;
    }

    private final FirmPersonStructures personStructures;

    private boolean webhooks() {
        return "webhooks".equals(config.karbonEvents());
    }

    /** Registers or replaces the connection, and asks for a bootstrap of the firm's index. */
    @Transactional
    public Status register(String firmId, URI baseUrl, String applicationId, String accessKey) {
        KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId, LockModeType.PESSIMISTIC_WRITE);
        if (connection == null) {
            connection = new KarbonConnectionEntity();
            connection.firmId = firmId;
        }
        connection.baseUrl = baseUrl.toString();
        connection.applicationId = applicationId;
        connection.accessKeySealed = secrets.seal(accessKey, firmId);
        connection.bootstrapState = KarbonConnectionEntity.PENDING;
        connection.bootstrapError = null;
        connection.waitReason = null;
        connection.freshAsOf = null; // perhaps another Karbon tenant: a full bootstrap
        connection.updatedAt = Instant.now();
        if (webhooks()) {
            // subscribe (again: perhaps another tenant) at once
            connection.webhookState = KarbonWebhookSubscriptions.PENDING;
            connection.webhookError = null;
            connection.webhookDueAt = Instant.now();
        }
        connection.persist();
        return status(connection);
    }

    @Transactional
    public Optional<Status> status(String firmId) {
        return KarbonConnectionEntity.<KarbonConnectionEntity>findByIdOptional(firmId).map(this::status);
    }

    /** The firm's Karbon credentials, opened, for the Karbon proxy (mapping-service's writes go through it). */
    @Transactional
    public Optional<Credentials> credentials(String firmId) {
        return KarbonConnectionEntity.<KarbonConnectionEntity>findByIdOptional(firmId)
                .map(c -> new Credentials(c.baseUrl, c.applicationId, secrets.open(c.accessKeySealed, c.firmId)));
    }

    /**
     * The firm's settings: its own person structures are kept for classifying; a firm that connects XPM again gets a
     * fresh bootstrap, as its Karbon contacts may have changed meanwhile. A firm that asked to be forgotten loses its
     * Karbon connection (and Karbon's webhook subscription, when there is one), its Karbon index and everything else
     * kept of it here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(SyncSettingsChanged settings) {
        if (settings.forgetsFirm()) {
            KarbonConnectionEntity connection = KarbonConnectionEntity.findById(settings.firmId(),
                    LockModeType.PESSIMISTIC_WRITE);
            if (connection != null && connection.webhookState != null) {
                endWebhooks(connection);
            }
        }
        if (forgotten.forgetIfAsked(settings)) {
            return;
        }
        personStructures.apply(settings);
        // Locked: a bootstrap ending at the same moment must not write its older view of the row over this change
        // (or this one over its end), which left a firm RUNNING for good.
        KarbonConnectionEntity connection = KarbonConnectionEntity.findById(settings.firmId(),
                LockModeType.PESSIMISTIC_WRITE);
        if (connection == null) {
            return;
        }
        boolean connects = settings.settings().xpmConnected() && !connection.xpmConnected;
        connection.xpmConnected = settings.settings().xpmConnected();
        if (connects) {
            connection.freshAsOf = null;
            if (!KarbonConnectionEntity.RUNNING.equals(connection.bootstrapState)) {
                connection.bootstrapState = KarbonConnectionEntity.PENDING;
            }
        }
        connection.updatedAt = Instant.now();
    }

    /** Asks Karbon to stop sending the firm's notices; if it does not answer, its notices are refused here (404). */
    private void endWebhooks(KarbonConnectionEntity connection) {
        try {
            clients.forFirm(connection, Duration.ofSeconds(5))
                    .unsubscribeWebhook(KarbonWebhookSubscriptions.WEBHOOK_TYPE);
        } catch (KarbonClientException e) {
            LOG.warnf("firm %s is forgotten, but Karbon did not end its webhook subscription (%s); its notices are"
                    + " refused", connection.firmId, e.getMessage());
        }
    }

    private Status status(KarbonConnectionEntity c) {
        boolean waiting = KarbonConnectionEntity.PENDING.equals(c.bootstrapState) && c.waitReason != null
                && c.updatedAt.isAfter(Instant.now());
        long indexed = contacts.countForFirm(c.firmId);
        return new Status(c.firmId, c.baseUrl, c.applicationId, c.xpmConnected, c.bootstrapState, c.bootstrapError,
                c.bootstrappedAt, c.freshAsOf, indexed, held.count(c.firmId),
                waiting ? c.updatedAt : null, waiting ? c.waitReason : null, config.karbonEvents(),
                c.webhookState == null ? null : new Webhook(c.webhookState, c.webhookError, c.webhookCheckedAt,
                        notices.waiting(c.firmId)), summary(c, indexed, waiting));
    }

    /** How the connection stands, in a person's words. */
    private static String summary(KarbonConnectionEntity c, long indexed, boolean waiting) {
        if (KarbonConnectionEntity.FAILED.equals(c.bootstrapState)) {
            return refusal(c.bootstrapError);
        }
        if (KarbonWebhookSubscriptions.FAILED.equals(c.webhookState)) {
            return "Connected, but Karbon refused to send its contact changes here: " + c.webhookError;
        }
        if (waiting) {
            return "Waiting: " + c.waitReason + ".";
        }
        if (KarbonConnectionEntity.DONE.equals(c.bootstrapState)) {
            return "Connected: " + indexed + (indexed == 1 ? " Karbon contact" : " Karbon contacts") + " known.";
        }
        return "Connected: reading your Karbon contacts.";
    }

    private static String refusal(String error) {
        if (error != null && (error.contains(" 401 ") || error.contains(" 403 "))) {
            return "Karbon refused the application ID or access key. Enter them again (Karbon: Settings, Connected"
                    + " Apps).";
        }
        return "Karbon could not be read: " + error;
    }

    /** Tests the firm's stored credentials with one Karbon call (its Contact Types). */
    public Test test(String firmId) {
        KarbonConnectionEntity c = QuarkusTransaction.requiringNew().call(() ->
                KarbonConnectionEntity.<KarbonConnectionEntity>findById(firmId));
        if (c == null) {
            return null;
        }
        try {
            int types = clients.forFirm(c, Duration.ofSeconds(5)).tenantSettings().contactTypes().size();
            return new Test(true, "Karbon accepted the credentials (" + types + " Contact Types).");
        } catch (KarbonClientException e) {
            if (e.status() == 401 || e.status() == 403) {
                return new Test(false, refusal(" 401 "));
            }
            if (e.status() == 429) {
                return new Test(false, "Karbon is busy for this firm; try again in "
                        + e.retryAfter().map(Duration::toSeconds).orElse(1L) + " s.");
            }
            if (e.status() == 0) {
                return new Test(false, "Karbon could not be reached at " + c.baseUrl + ".");
            }
            return new Test(false, "Karbon answered with an error: " + e.getMessage());
        }
    }
}
