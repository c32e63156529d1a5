package io.xpmsync.connector.config;

import io.xpmsync.messaging.SecretBox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The {@link SecretBox} that seals OAuth tokens, keyed by {@code CONNECTOR_SECRET_KEY}. */
public class Secrets {

    @Produces
    @Singleton
    SecretBox secretBox(ConnectorConfig config) {
        return new SecretBox(config.secretKey(), "CONNECTOR_SECRET_KEY", config.secretKeysPrevious().orElse(
                java.util.List.of()), "CONNECTOR_SECRET_KEYS_PREVIOUS");
    }
}
