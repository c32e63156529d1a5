package io.xpmsync.matching.webhooks;

import io.xpmsync.client.karbon.WebhookSignature;
import io.xpmsync.matching.persistence.KarbonConnectionEntity;
import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a notice's {@code Signature} against the signing key of the firm named in its path. A firm not known here (or
 * not subscribed yet) costs the same work, a sealed key opened and the body signed, and fails like a wrong signature,
 * so that neither the answer nor its time tells from outside which firm ids exist.
 */
@ApplicationScoped
public class KarbonNoticeSignatures {

    /** Sealed for no firm's id ({@code firmId}s are never blank), opened in place of an unknown firm's key. */
    private static final String DECOY_FIRM = "";

    private final SecretBox secrets;
    private final String decoyKeySealed;

    KarbonNoticeSignatures(SecretBox secrets) {
        this.secrets = secrets;
        this.decoyKeySealed = secrets.seal(KarbonWebhookSubscriptions.newSigningKey(), DECOY_FIRM);
    }

    /** Whether the firm takes notices here and {@code signature} is the body's, signed with the firm's key. */
    public boolean valid(String firmId, byte[] body, String signature) {
        KarbonConnectionEntity connection = KarbonConnectionEntity.findById(firmId);
        boolean known = connection != null && connection.webhookKeySealed != null;
        String key = known ? secrets.open(connection.webhookKeySealed, firmId)
                : secrets.open(decoyKeySealed, DECOY_FIRM);
        return WebhookSignature.verify(body, key, signature) && known;
    }
}
