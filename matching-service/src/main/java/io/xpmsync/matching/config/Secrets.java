package io.xpmsync.matching.config;

import io.xpmsync.messaging.SecretBox;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The {@link SecretBox} that seals Karbon access keys, keyed by {@code MATCHING_SECRET_KEY}. */
public class Secrets {

    @Produces
    @Singleton
    SecretBox secretBox(MatchingConfig config) {
        return new SecretBox(config.secretKey(), "MATCHING_SECRET_KEY", config.secretKeysPrevious().orElse(
                java.util.List.of()), "MATCHING_SECRET_KEYS_PREVIOUS");
    }
}
