package io.xpmsync.karbonsandbox.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Karbon's 409 StaleObjectState, on demand: the next {@code n} updates of a firm's records answer as if another
 * request had changed the record meanwhile (in Karbon, two requests racing to update the same record), so tests can
 * show a client re-reads and re-applies its change.
 */
@ApplicationScoped
public class Conflicts {

    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();

    public void next(String firmId, int updates) {
        pending.put(firmId, new AtomicInteger(Math.max(0, updates)));
    }

    /** Refuses this update with 409 if the firm has conflicts pending. */
    public void check(String firmId) {
        AtomicInteger left = pending.get(firmId);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new KarbonApiException(409, "4020",
                    "The resource was modified by another request. Refetch the latest version and retry.");
        }
    }
}
