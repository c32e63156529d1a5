package io.xpmsync.matching.rest;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The origins (scheme, host and port) a firm's Karbon connection may name: a base URL is taken only when all three
 * are those of an entry, so neither another port of an allowed host nor plain http to an https origin is reached.
 */
record KarbonOrigins(List<String> entries) {

    boolean allows(URI url) {
        String origin = origin(url);
        return origin != null && entries.stream().map(e -> origin(URI.create(e.strip()))).anyMatch(origin::equals);
    }

    /** {@code scheme://host:port}, the port spelled out (80 for http, 443 for https when none is given). */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            return null;
        }
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
