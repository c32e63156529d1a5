package io.xpmsync.client.karbon;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Karbon's webhook {@code Signature} header: the hex HMAC-SHA256 of the notice's body, keyed with the subscription's
 * SigningKey. Karbon (here: karbon-sandbox) signs; the receiver verifies in constant time.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(byte[] body, String signingKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} (as sent, any case) is the body's signature with {@code signingKey}. */
    public static boolean verify(byte[] body, String signingKey, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(body, signingKey).getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
