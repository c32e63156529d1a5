package io.xpmsync.matching.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * After a key rotation ({@code MATCHING_SECRET_KEY} new, the old one in {@code MATCHING_SECRET_KEYS_PREVIOUS}), seals
 * every firm's Karbon access key and webhook signing key again with the current key, bound to the firm, at start.
 */
@ApplicationScoped
public class ResealedKeys {

    private static final Logger LOG = Logger.getLogger(ResealedKeys.class);

    private final SecretBox secrets;

    ResealedKeys(SecretBox secrets) {
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent started) {
        int resealed = reseal();
        if (resealed > 0) {
            LOG.infof("sealed the Karbon keys of %d firm(s) again with key %s", resealed, secrets.currentKeyId());
        }
    }

    /** Seals again what an older key or the first format sealed; answers how many firms' keys were. */
    public int reseal() {
        List<String> firms = QuarkusTransaction.requiringNew().call(() -> KarbonConnectionEntity
                .<KarbonConnectionEntity>listAll().stream()
                .filter(c -> secrets.needsResealing(c.accessKeySealed) || secrets.needsResealing(c.webhookKeySealed))
                .map(c -> c.firmId).toList());
        for (String firm : firms) {
            QuarkusTransaction.requiringNew().run(() -> {
                KarbonConnectionEntity c = KarbonConnectionEntity.findById(firm, LockModeType.PESSIMISTIC_WRITE);
                if (c != null) {
                    c.accessKeySealed = secrets.seal(secrets.open(c.accessKeySealed, firm), firm);
                    if (c.webhookKeySealed != null) {
                        c.webhookKeySealed = secrets.seal(secrets.open(c.webhookKeySealed, firm), firm);
                    }
                }
            });
        }
        return firms.size();
    }
}
