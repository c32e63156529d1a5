package io.xpmsync.messaging;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals secrets at rest with AES-256-GCM: a fresh 96-bit nonce per secret, and the firm the secret belongs to as
 * associated data, so that a sealed value copied to another firm's row does not open. A sealed value names the key
 * that sealed it ({@code v2.<key id>.<base64 nonce and ciphertext>}, the key id being the first 8 hex digits of the
 * key's SHA-256), so keys can be rotated: the new key becomes the current one, the old ones stay as previous keys
 * (they only open), and values sealed with a previous key are sealed again with the current one
 * ({@link #needsResealing}). Values of the first format (no key id, no firm) still open with any of the keys. Each
 * service makes one from its own key settings (a CDI producer), so a wrong or missing key fails at start, naming the
 * setting.
 */
public final class SecretBox {

    private static final String VERSION = "v2";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param base64Key  the current 32-byte AES key, base64
     * @param setting    the setting the key came from, named in errors (e.g. {@code MATCHING_SECRET_KEY})
     */
    public SecretBox(String base64Key, String setting) {
        this(base64Key, setting, List.of(), setting + "S_PREVIOUS");
    }

    /**
     * @param previousKeys     keys used before the current one (base64), to open what they sealed
     * @param previousSetting  the setting they came from
     */
    public SecretBox(String base64Key, String setting, List<String> previousKeys, String previousSetting) {
        SecretKeySpec current = key(base64Key, setting);
        this.currentId = id(current);
        keys.put(currentId, current);
        for (String previous : previousKeys) {
            if (previous != null && !previous.isBlank()) {
                SecretKeySpec key = key(previous, previousSetting);
                keys.putIfAbsent(id(key), key);
            }
        }
    }

    /** The id of the key that seals now. */
    public String currentKeyId() {
        return currentId;
    }

    /** Seals {@code secret}, bound to {@code firmId}: it opens only for that firm. */
    public String seal(String secret, String firmId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(firmId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + "." + currentId + "." + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    /** Opens a value sealed for {@code firmId} (or one of the first format, bound to no firm). */
    public String open(String sealed, String firmId) {
        if (sealed.startsWith(VERSION + ".")) {
            String[] parts = sealed.split("\\.", 3);
            SecretKeySpec key = parts.length == 3 ? keys.get(parts[1]) : null;
            if (key == null) {
                throw new IllegalStateException("cannot open a sealed secret: it was sealed with key "
                        + (parts.length == 3 ? parts[1] : "?") + ", which is neither the current key nor a previous one");
            }
            return decrypt(key, parts[2], firmId);
        }
        for (SecretKeySpec key : keys.values()) {
            try {
                return decrypt(key, sealed, null);
            } catch (IllegalStateException e) {
                // try the next key
            }
        }
        throw new IllegalStateException("cannot open a sealed secret (was the secret key changed?)");
    }

    /** Whether {@code sealed} should be sealed again: it is of the first format, or its key is not the current one. */
    public boolean needsResealing(String sealed) {
        return sealed != null && !sealed.startsWith(VERSION + "." + currentId + ".");
    }

    private static String decrypt(SecretKeySpec key, String base64, String firmId) {
        try {
            byte[] all = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            if (firmId != null) {
                cipher.updateAAD(firmId.getBytes(StandardCharsets.UTF_8));
            }
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a sealed secret (another firm's, or the key was changed?)",
                    e);
        }
    }

    private static SecretKeySpec key(String base64Key, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException(setting + " must be 32 bytes (base64), got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private static String id(SecretKeySpec key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
