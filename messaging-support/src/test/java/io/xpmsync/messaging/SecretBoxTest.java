package io.xpmsync.messaging;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String OLD_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));

    @Test
    void aSecretOpensOnlyForItsOwnFirm() {
        SecretBox box = new SecretBox(NEW_KEY, "TEST_SECRET_KEY");
        String sealed = box.seal("refresh-token", "firm-a");

        assertThat(sealed).startsWith("v2." + box.currentKeyId() + ".").doesNotContain("refresh-token");
        assertThat(box.open(sealed, "firm-a")).isEqualTo("refresh-token");
        assertThatThrownBy(() -> box.open(sealed, "firm-b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another firm's");
        assertThat(box.needsResealing(sealed)).isFalse();
    }

    @Test
    void afterARotationOldValuesStillOpenAndAreToBeSealedAgain() {
        SecretBox before = new SecretBox(OLD_KEY, "TEST_SECRET_KEY");
        String sealed = before.seal("access-key", "firm-a");
        SecretBox after = new SecretBox(NEW_KEY, "TEST_SECRET_KEY", List.of(OLD_KEY), "TEST_SECRET_KEYS_PREVIOUS");

        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.open(sealed, "firm-a")).isEqualTo("access-key");
        assertThat(after.needsResealing(sealed)).isTrue();
        String resealed = after.seal(after.open(sealed, "firm-a"), "firm-a");
        assertThat(after.needsResealing(resealed)).isFalse();
        // without the old key, its values cannot open, and the error names the key
        assertThatThrownBy(() -> new SecretBox(NEW_KEY, "TEST_SECRET_KEY").open(sealed, "firm-a"))
                .hasMessageContaining(before.currentKeyId());
    }

    @Test
    void valuesOfTheFirstFormatStillOpenAndAreToBeSealedAgain() throws Exception {
        byte[] nonce = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(OLD_KEY), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] body = cipher.doFinal("legacy".getBytes(StandardCharsets.UTF_8));
        String legacy = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + body.length).put(nonce).put(body)
                .array());
        SecretBox box = new SecretBox(NEW_KEY, "TEST_SECRET_KEY", List.of(OLD_KEY), "TEST_SECRET_KEYS_PREVIOUS");

        assertThat(box.open(legacy, "any-firm")).isEqualTo("legacy");
        assertThat(box.needsResealing(legacy)).isTrue();
    }

    @Test
    void aMissingOrWrongKeyFailsNamingItsSetting() {
        assertThatThrownBy(() -> new SecretBox("", "CONNECTOR_SECRET_KEY")).hasMessageContaining("CONNECTOR_SECRET_KEY");
        assertThatThrownBy(() -> new SecretBox(NEW_KEY, "K", List.of("bm90LTMyLWJ5dGVz"), "K_PREVIOUS"))
                .hasMessageContaining("K_PREVIOUS");
    }
}
