package io.xpmsync.matching.service;

import io.xpmsync.contracts.events.SyncSettingsChanged;
import io.xpmsync.messaging.SecretBox;
import io.xpmsync.matching.persistence.HeldXpmChanges;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.matching.persistence.KarbonContactRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** Registers how to reach a firm's Karbon and decides when its index is (re)bootstrapped. */
@ApplicationScoped
public class KarbonConnections {

    /** What a caller may see of a connection: never the access key. */
    public record Status(String firmId, String baseUrl, String applicationId, boolean xpmConnected,
                         String bootstrapState, String bootstrapError, Instant bootstrappedAt, Instant freshAsOf,
                         long indexedContacts, long heldXpmChanges, Instant waitsUntil, String waitReason) {
    }

    /** What another service of xpm-sync needs to call the firm's Karbon (internal API only). */
    public record Credentials(String baseUrl, String applicationId, String accessKey) {
    }

    private final SecretBox secrets;
    private final KarbonContactRepository contacts;
    private final HeldXpmChanges held;

    KarbonConnections(SecretBox secrets, KarbonContactRepository contacts, HeldXpmChanges held) {
        this.secrets = secrets;
        this.contacts = contacts;
        this.held = held;
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
        connection.accessKeySealed = secrets.seal(accessKey);
        connection.bootstrapState = KarbonConnectionEntity.PENDING;
        connection.bootstrapError = null;
        connection.waitReason = null;
        connection.freshAsOf = null; // perhaps another Karbon tenant: a full bootstrap
        connection.updatedAt = Instant.now();
        connection.persist();
        return status(connection);
    }

    @Transactional
    public Optional<Status> status(String firmId) {
        return KarbonConnectionEntity.<KarbonConnectionEntity>findByIdOptional(firmId).map(this::status);
    }

    /** The firm's Karbon credentials, opened, for mapping-service's writes to Karbon. */
    @Transactional
    public Optional<Credentials> credentials(String firmId) {
        return KarbonConnectionEntity.<KarbonConnectionEntity>findByIdOptional(firmId)
                .map(c -> new Credentials(c.baseUrl, c.applicationId, secrets.open(c.accessKeySealed)));
    }

    /** A firm that connects XPM again gets a fresh bootstrap: its Karbon contacts may have changed meanwhile. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(SyncSettingsChanged settings) {
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

    private Status status(KarbonConnectionEntity c) {
        boolean waiting = KarbonConnectionEntity.PENDING.equals(c.bootstrapState) && c.waitReason != null
                && c.updatedAt.isAfter(Instant.now());
        return new Status(c.firmId, c.baseUrl, c.applicationId, c.xpmConnected, c.bootstrapState, c.bootstrapError,
                c.bootstrappedAt, c.freshAsOf, contacts.countForFirm(c.firmId), held.count(c.firmId),
                waiting ? c.updatedAt : null, waiting ? c.waitReason : null);
    }
}
