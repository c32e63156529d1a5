package io.xpmsync.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Where the console finds the services whose public REST APIs it shows. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /** connector-service (XPM connection, Contact Sync Settings, Sync Now and runs). */
    @WithDefault("http://127.0.0.1:8081")
    URI connectorUrl();

    /** matching-service (the firm's Karbon connection). */
    @WithDefault("http://127.0.0.1:8082")
    URI matchingUrl();

    /** mapping-service (client list, partial matches, run outcomes). */
    @WithDefault("http://127.0.0.1:8083")
    URI mappingUrl();

    /** push-service (push status). */
    @WithDefault("http://127.0.0.1:8084")
    URI pushUrl();

    /** How many recent activity entries are kept for a dashboard that opens late. */
    @WithDefault("200")
    int activityHistory();

    /** Each part by the name the console's {@code /api/{part}/...} paths use. */
    default Map<String, URI> services() {
        return Map.of("connector", connectorUrl(), "matching", matchingUrl(), "mapping", mappingUrl(), "push",
                pushUrl());
    }

    default Optional<URI> service(String name) {
        return Optional.ofNullable(services().get(name));
    }
}
