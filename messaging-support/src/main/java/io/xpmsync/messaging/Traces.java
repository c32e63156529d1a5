package io.xpmsync.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which trace an event belongs to, as a W3C {@code traceparent}, so that one change can be followed from the XPM poll
 * (or the Karbon change) to the write in the other system: it travels in the outbox row, in the Kafka header
 * {@code traceparent}, and in work queued for later. The event a service writes belongs to the trace of the event it
 * answers ({@code sourceEventId}, among those the thread is consuming, see {@link Batches}), else of the work the
 * thread is doing ({@link #within}), else of the current span (a sync run, a request).
 */
public final class Traces {

    public static final String HEADER = "traceparent";
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final ThreadLocal<Map<UUID, String>> CONSUMING = new ThreadLocal<>();
    private static final ThreadLocal<String> WITHIN = new ThreadLocal<>();

    private Traces() {
    }

    /** The trace {@code event} belongs to, or null when there is none. */
    public static String of(SyncEvent event) {
        Map<UUID, String> consuming = CONSUMING.get();
        UUID source = source(event);
        if (consuming != null && source != null && consuming.containsKey(source)) {
            return consuming.get(source);
        }
        if (WITHIN.get() != null) {
            return WITHIN.get();
        }
        return current();
    }

    /** The trace of an event this thread is consuming (to keep with work done later), or null. */
    public static String consumed(UUID eventId) {
        Map<UUID, String> consuming = CONSUMING.get();
        return consuming == null ? null : consuming.get(eventId);
    }

    /** Does {@code work} as part of the trace {@code traceparent} (may be null: no trace). */
    public static <T> T within(String traceparent, Supplier<T> work) {
        String before = WITHIN.get();
        WITHIN.set(valid(traceparent) ? traceparent : null);
        try {
            return work.get();
        } finally {
            WITHIN.set(before);
        }
    }

    public static void within(String traceparent, Runnable work) {
        within(traceparent, () -> {
            work.run();
            return null;
        });
    }

    /** Does {@code work} as the consumer of events whose traces are {@code traces} (by event id). */
    public static void consuming(Map<UUID, String> traces, Runnable work) {
        Map<UUID, String> before = CONSUMING.get();
        CONSUMING.set(traces);
        try {
            work.run();
        } finally {
            CONSUMING.set(before);
        }
    }

    /** The current span's context as a {@code traceparent}, or null. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? format(span) : null;
    }

    public static String format(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The remote parent a {@code traceparent} names; invalid when it names none. */
    public static SpanContext parse(String traceparent) {
        if (!valid(traceparent)) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }

    /** The trace id of a {@code traceparent}, or null. */
    public static String traceId(String traceparent) {
        return valid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    static boolean valid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches();
    }

    private static UUID source(SyncEvent event) {
        if (event instanceof MatchProposed m) {
            return m.sourceEventId();
        }
        if (event instanceof ContactPushed p) {
            return p.sourceEventId();
        }
        return null;
    }
}
