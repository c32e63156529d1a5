package io.xpmsync.matching.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** matching-service's own settings; each can be set by environment variable (see the README). */
@ConfigMapping(prefix = "matching")
public interface MatchingConfig {

    /** Base64 of the 32-byte AES key that seals Karbon access keys at rest. */
    String secretKey();

    /**
     * Keys used before {@link #secretKey()} (base64, comma-separated): what they sealed still opens, and is sealed
     * again with the current key (see the README's key rotation).
     */
    java.util.Optional<java.util.List<String>> secretKeysPrevious();

    Bootstrap bootstrap();

    Karbon karbon();

    /**
     * Where Karbon changes come from: {@code platform} (the Karbon platform's event stream on
     * {@code karbon.contacts.changed.v1}) or {@code webhooks} (Karbon's public API: this service subscribes each firm
     * to Karbon's Contact webhooks, reads each notified record and publishes it on that topic itself).
     */
    @WithDefault("platform")
    String karbonEvents();

    Webhooks webhooks();

    Outbox outbox();

    interface Outbox {
        /** How often the outbox (Karbon changes read after webhook notices) is relayed to Kafka. */
        @WithDefault("0.1s")
        Duration pollInterval();
    }

    interface Webhooks {
        /** The address Karbon reaches this service's webhook receiver at (its /karbon/webhooks/{firmId}). */
        String publicUrl();

        /** How often each firm's subscription is checked (and re-created when Karbon ended it). */
        @WithDefault("5m")
        Duration checkInterval();

        /** Notices followed up side by side (each one or two Karbon reads, mostly waiting for Karbon). */
        @WithDefault("8")
        int workers();

        /**
         * How old a notice (its TimeStamp, when Karbon changed the record) may be and still be taken, and how long a
         * taken notice is remembered, so that a replay of it queues nothing: longer than Karbon goes on retrying a
         * delivery (ten tries with growing delays), so that no late retry is refused.
         */
        @WithDefault("24h")
        Duration replayWindow();
    }

    interface Karbon {
        /**
         * A firm's Karbon allowance, calls a minute (Karbon: about 120 per firm and application), shared with
         * mapping-service: both must use the same figure.
         */
        @WithDefault("120")
        int callsPerMinute();

        /**
         * The origins (scheme, host, port) a firm's Karbon connection may name (Karbon's API; the sandbox's locally):
         * any other is refused, so that nobody can point a firm's connection, and its contacts, at a server of their
         * choosing.
         */
        @WithDefault("https://api.karbonhq.com")
        java.util.List<String> allowedOrigins();
    }

    interface Bootstrap {
        /** How often pending bootstraps are looked for. */
        @WithDefault("2s")
        Duration interval();

        /** Firms this instance bootstraps side by side. */
        @WithDefault("4")
        int workers();

        /**
         * Karbon records written per transaction while bootstrapping, and held XPM changes classified per
         * transaction once the index is fresh.
         */
        @WithDefault("500")
        int batchSize();

        /**
         * A catch-up reads what Karbon changed since the index was last fresh, less this much, so that a clock
         * difference between Karbon and xpm-sync loses no change.
         */
        @WithDefault("60s")
        Duration catchUpOverlap();
    }
}
