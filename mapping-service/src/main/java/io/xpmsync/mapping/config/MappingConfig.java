package io.xpmsync.mapping.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** mapping-service's own settings; each can be set by environment variable (see the README). */
@ConfigMapping(prefix = "mapping")
public interface MappingConfig {

    Karbon karbon();

    Outbox outbox();

    interface Karbon {
        /** matching-service, which owns the firms' Karbon credentials ({@code /internal/firms/{id}/karbon-connection}). */
        String credentialsUrl();

        /** How long fetched credentials are reused. */
        @WithDefault("5m")
        Duration credentialsTtl();
    }

    interface Outbox {
        /** Whether this instance may run the Debezium relay (one instance at a time does). */
        @WithDefault("true")
        boolean relay();

        /** The PostgreSQL replication slot the relay reads; one relay per slot. */
        @WithDefault("xpmsync_mapping_outbox")
        String slot();

        /** The publication of {@code mapping.outbox_event}. */
        @WithDefault("xpmsync_mapping_outbox")
        String publication();

        /** How often an instance without the relay checks whether it should take it over. */
        @WithDefault("5s")
        Duration takeoverCheck();
    }
}
