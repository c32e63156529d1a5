package io.xpmsync.xpmsandbox.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Faults injected through the admin API, served to a practice's next API calls one by one, in the order queued. */
@ApplicationScoped
public class Faults {

    public enum Kind {
        /** HTTP 500. */
        HTTP_500,
        /** HTTP 503. */
        HTTP_503,
        /** HTTP 429 with {@code Retry-After} and {@code X-Rate-Limit-Problem: minute}. */
        HTTP_429,
        /** The normal answer, after a delay. */
        SLOW,
        /** HTTP 200 with XML cut short. */
        MALFORMED_XML,
        /** HTTP 200 with {@code <Status>ERROR</Status>}. */
        STATUS_ERROR,
        /**
         * The normal answer of a client list, breaking off after {@code clients} clients (as a connection dropped in
         * the middle of a long list); other calls are answered normally.
         */
        CUT_OFF;

        public static Kind parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("kind must be one of HTTP_500, HTTP_503, HTTP_429, SLOW,"
                        + " MALFORMED_XML, STATUS_ERROR, CUT_OFF; got '" + value + "'");
            }
        }
    }

    /**
     * One injected fault: {@code millis} is the delay of SLOW, {@code retryAfterSeconds} the Retry-After of HTTP_429,
     * {@code clients} how many clients a CUT_OFF list still carries.
     */
    public record Fault(Kind kind, long millis, long retryAfterSeconds, int clients) {
    }

    private final Map<UUID, Deque<Fault>> queued = new ConcurrentHashMap<>();

    public void inject(UUID tenantId, Fault fault, int count) {
        Deque<Fault> faults = queued.computeIfAbsent(tenantId, t -> new ArrayDeque<>());
        synchronized (faults) {
            for (int i = 0; i < count; i++) {
                faults.addLast(fault);
            }
        }
    }

    /** The fault for this call, or null. */
    public Fault next(UUID tenantId) {
        Deque<Fault> faults = queued.get(tenantId);
        if (faults == null) {
            return null;
        }
        synchronized (faults) {
            return faults.pollFirst();
        }
    }

    public int pending(UUID tenantId) {
        Deque<Fault> faults = queued.get(tenantId);
        if (faults == null) {
            return 0;
        }
        synchronized (faults) {
            return faults.size();
        }
    }

    public void clear(UUID tenantId) {
        queued.remove(tenantId);
    }
}
