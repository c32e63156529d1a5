package io.xpmsync.mapping.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** mapping-service's own settings; each can be set by environment variable (see the README). */
@ConfigMapping(prefix = "mapping")
public interface MappingConfig {

    Karbon karbon();

    Outbox outbox();

    Work work();

    History history();

    /** The contacts' timelines. */
    interface History {
        /** How long a timeline entry is kept. */
        @WithDefault("730d")
        Duration retention();
    }

    interface Karbon {
        /**
         * matching-service, the one owner of the firms' Karbon credentials: Karbon is called through its internal
         * Karbon proxy ({@code /internal/karbon/{firmId}/v3/...}), which adds them.
         */
        String matchingUrl();

        /**
         * A firm's Karbon allowance, calls a minute (Karbon: about 120 per firm and application). Every service that
         * calls the same firm's Karbon must use the same figure: they share one allowance.
         */
        @WithDefault("120")
        int callsPerMinute();
    }

    /** The Karbon work queue's workers. */
    interface Work {
        /** Worker threads of this instance; each serves one firm at a time. */
        @WithDefault("4")
        int workers();

        /**
         * How many of a firm's XPM records one worker applies side by side (each record's verdicts stay in order; the
         * firm's Karbon allowance still caps its calls). 1: one verdict after another, the right choice at Karbon's
         * real 120 calls a minute: side by side, the fleet at the real limits made about half as many Karbon calls
         * again per record (to be understood) and finished later.
         */
        @WithDefault("1")
        int recordsAtOnce();

        /** How long a worker keeps a firm before it lets the next firm in. */
        @WithDefault("5s")
        Duration slice();

        /** A claimed firm is taken over by another worker when its lease ends (a crashed instance). */
        @WithDefault("60s")
        Duration lease();

        /** How often an idle worker looks for work that other instances queued. */
        @WithDefault("200ms")
        Duration idlePoll();

        /** Attempts of a verdict that keeps failing transiently before it counts as failed. */
        @WithDefault("6")
        int maxAttempts();

        /** The wait after the first failed attempt; doubled after each further one. */
        @WithDefault("1s")
        Duration initialBackoff();
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
