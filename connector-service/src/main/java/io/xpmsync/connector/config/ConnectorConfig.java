package io.xpmsync.connector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** connector-service's own settings; each can be set by environment variable (see the README). */
@ConfigMapping(prefix = "connector")
public interface ConnectorConfig {

    /** Base64 of the 32-byte AES key that seals OAuth tokens at rest. */
    String secretKey();

    /**
     * Keys used before {@link #secretKey()} (base64, comma-separated): what they sealed still opens, and is sealed
     * again with the current key (see the README's key rotation).
     */
    java.util.Optional<java.util.List<String>> secretKeysPrevious();

    Xpm xpm();

    Poll poll();

    Outbox outbox();

    interface Outbox {
        /** How often committed events are looked for and sent to Kafka. */
        @WithDefault("0.2s")
        Duration pollInterval();
    }

    interface Xpm {
        /** The XPM API root, e.g. {@code https://api.xero.com/practicemanager/3.1/}. */
        String apiUrl();

        /** Where {@code /connections} is served ({@code https://api.xero.com}). */
        String connectionsUrl();

        /** The authorize page ({@code https://login.xero.com/identity/connect/authorize}). */
        String authorizeUrl();

        /** The app's client id at Xero (the token endpoint's is set for the OIDC client). */
        String clientId();

        /** Where Xero sends the browser back: this service's {@code /xpm/callback}. */
        String redirectUri();

        /**
         * Where the browser may be sent back after Connect besides a path on this site: the console's origins
         * ({@code scheme://host:port}); any other {@code returnTo} is refused, so the flow cannot send people elsewhere.
         */
        @io.smallrye.config.WithDefault("http://127.0.0.1:8080,http://localhost:8080")
        java.util.List<String> returnOrigins();

        /** Whether Connect's browser cookie is sent over https only (off for the local run's plain http). */
        @io.smallrye.config.WithDefault("true")
        boolean secureCookies();

        @WithDefault("offline_access openid profile email practicemanager")
        String scopes();

        /**
         * The share of each practice's daily XPM allowance that scheduled polls plan for; Sync Now and push-service's
         * writes spend the rest of the same shared allowance.
         */
        @WithDefault("0.4")
        double pollShare();

        /** Xero's limits per practice, shared with push-service through the API budgets (both must agree). */
        @WithDefault("60")
        int callsPerMinute();

        @WithDefault("5000")
        int callsPerDay();

        @WithDefault("5")
        int callsAtOnce();

        /** Practices on another Xero plan: {@code tenantId=perMinute/perDay/atOnce, …} (push-service is given the same). */
        Optional<String> practiceLimits();

        /** Xero's limit of the app across every practice, shared with push-service (both must agree). */
        @WithDefault("10000")
        int appCallsPerMinute();

        /** How long a call may wait for the practice's budget before the run fails as rate limited. */
        @WithDefault("5m")
        Duration budgetWait();
    }

    interface Poll {
        /** The shortest time between two scheduled polls of one firm; longer when its budget is low. */
        @WithDefault("5m")
        Duration minInterval();

        /** How far before the last poll each incremental poll looks (clock skew, slow commits in XPM). */
        @WithDefault("5m")
        Duration lookBack();

        /** How often this instance looks for firms to poll and Sync Now requests. */
        @WithDefault("1s")
        Duration checkEvery();

        /** A claim on a firm not renewed for this long is taken over (its instance died). */
        @WithDefault("10m")
        Duration claimTtl();

        /** XPM records compared and written per transaction. */
        @WithDefault("500")
        int batchSize();

        /**
         * How often a scheduled poll of a firm that syncs contacts reads the whole practice instead of what changed:
         * an edit of a contact may not stamp its clients as modified, and only a full read sees it then.
         */
        @WithDefault("6h")
        Duration contactSweep();

        /**
         * At most this many {@code client.api/get} calls per run for new clients whose list entry lacks the business
         * structure or prospect flag (Xero's list example carries neither); past it the fallback rule decides.
         */
        @WithDefault("100")
        int getLookups();
    }
}
