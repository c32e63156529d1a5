package io.xpmsync.connector.connection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.connector.persistence.XpmConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * After a key rotation ({@code CONNECTOR_SECRET_KEY} new, the old one in {@code CONNECTOR_SECRET_KEYS_PREVIOUS}), seals
 * every firm's XPM tokens again with the current key, bound to the firm, at start: one firm at a time, its row locked
 * as a token refresh locks it, so a refresh in between is never undone.
 */
@ApplicationScoped
public class ResealedTokens {

    private static final Logger LOG = Logger.getLogger(ResealedTokens.class);

    private final SecretBox secrets;

    ResealedTokens(SecretBox secrets) {
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent started) {
        int resealed = reseal();
        if (resealed > 0) {
            LOG.infof("sealed the XPM tokens of %d firm(s) again with key %s", resealed, secrets.currentKeyId());
        }
    }

    /** Seals again what an older key or the first format sealed; answers how many firms' tokens were. */
    public int reseal() {
        List<String> firms = QuarkusTransaction.requiringNew().call(() -> XpmConnectionEntity
                .<XpmConnectionEntity>listAll().stream()
                .filter(c -> secrets.needsResealing(c.accessTokenSealed) || secrets.needsResealing(c.refreshTokenSealed))
                .map(c -> c.firmId).toList());
        for (String firm : firms) {
            QuarkusTransaction.requiringNew().run(() -> {
                XpmConnectionEntity c = XpmConnectionEntity.findById(firm, LockModeType.PESSIMISTIC_WRITE);
                if (c != null) {
                    c.accessTokenSealed = secrets.seal(secrets.open(c.accessTokenSealed, firm), firm);
                    c.refreshTokenSealed = secrets.seal(secrets.open(c.refreshTokenSealed, firm), firm);
                }
            });
        }
        return firms.size();
    }
}
