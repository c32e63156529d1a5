package io.xpmsync.messaging;

import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * How this service reaches Kafka, for the clients it makes itself (dead letters, positions): the brokers and, when
 * configured, TLS and SASL ({@code kafka.security.*}, {@code kafka.sasl.*}, {@code kafka.ssl.*}), the same as its
 * channels use.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /** The brokers and the security settings, as Kafka client properties; the caller adds its own. */
    public static Map<String, Object> of(Config config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", config.getValue("kafka.bootstrap.servers", String.class));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.security.") || name.startsWith("kafka.sasl.") || name.startsWith("kafka.ssl.")) {
                config.getOptionalValue(name, String.class).filter(v -> !v.isBlank())
                        .ifPresent(value -> settings.put(name.substring("kafka.".length()), value));
            }
        }
        return settings;
    }
}
