package io.xpmsync.messaging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xpmsync.contracts.events.InvalidEventException;
import io.xpmsync.contracts.events.SyncEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A Kafka poll batch handled as one unit of work: decoded and validated record by record, the records seen before
 * dropped (the processed-event log, one bulk statement), and the rest handed to the handler in one transaction, in the
 * order they arrived (a firm's records stay in order: the key is the firm id). One commit per batch instead of one per
 * record.
 * <ul>
 *   <li>An invalid record (not JSON, an unknown schema version, not valid against its schema) goes to the channel's
 *       dead-letter topic with the reason at once ({@link DeadLetterTopic}); the rest of the batch goes on.</li>
 *   <li>A batch whose transaction fails is tried again with backoff (transient faults: a lost connection, a
 *       serialization failure); if it keeps failing, its records are handled one by one, each tried again the same way,
 *       and only a record that still fails on its own is dead-lettered with the reason. One bad record never holds up or
 *       takes down the others, and nothing is acknowledged before it is either applied or dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class Batches {

    private static final Logger LOG = Logger.getLogger(Batches.class);
    private static final long[] BACKOFF_MS = {200, 1_000};

    /** One decoded record of a batch: its event, its raw value, and the record itself. */
    public record Received<T extends SyncEvent>(T event, String payload, ConsumerRecord<String, String> record) {
    }

    private final EventSerde serde;
    private final ProcessedEvents processed;
    private final DeadLetterTopic deadLetters;
    private final ForgottenFirms forgotten;

    private final PipelineMetrics metrics;

    private final Tracer tracer;

    Batches(EventSerde serde, ProcessedEvents processed, DeadLetterTopic deadLetters, ForgottenFirms forgotten,
            PipelineMetrics metrics, Instance<OpenTelemetry> openTelemetry) {
        this.forgotten = forgotten;
        this.metrics = metrics;
        this.tracer = openTelemetry.isResolvable() ? openTelemetry.get().getTracer("xpm-sync") : null;
        this.serde = serde;
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    /** Handles a batch of {@code channel}; {@code handler} runs inside the batch's transaction. */
    public <T extends SyncEvent> void consume(String channel, ConsumerRecords<String, String> records, Class<T> type,
                                              Consumer<List<Received<T>>> handler) {
        consume(channel, records, type, handler, (received, reason) -> {
        });
    }

    /**
     * As {@link #consume(String, ConsumerRecords, Class, Consumer)}; {@code failed} is told, in a transaction of its
     * own, of each valid record that was dead-lettered because it failed on its own (to count it where it belongs).
     */
    public <T extends SyncEvent> void consume(String channel, ConsumerRecords<String, String> records, Class<T> type,
                                              Consumer<List<Received<T>>> handler,
                                              BiConsumer<Received<T>, String> failed) {
        metrics.consumed(channel, records.count());
        List<Received<T>> decoded = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                T event = serde.decode(record.value(), type);
                if (record.key() != null && !record.key().equals(event.firmId())) {
                    // a firm's events are keyed by the firm: one that says otherwise is not trusted with either firm
                    throw new InvalidEventException("firmId", "the event's firmId '" + event.firmId()
                            + "' differs from its Kafka key '" + record.key() + "'");
                }
                decoded.add(new Received<>(event, record.value(), record));
            } catch (InvalidEventException e) {
                deadLetters.send(channel, record, e.getMessage(), e);
            }
        }
        if (decoded.isEmpty()) {
            return;
        }
        try {
            withRetries(channel, decoded, handler);
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "%s: a batch of %d records failed; handling them one by one", channel,
                    decoded.size());
            for (Received<T> one : decoded) {
                try {
                    withRetries(channel, List.of(one), handler);
                } catch (RuntimeException e) {
                    String reason = reason(e);
                    deadLetters.send(channel, one.record(), reason, e);
                    QuarkusTransaction.requiringNew().run(() -> failed.accept(one, reason));
                }
            }
        }
    }

    private <T extends SyncEvent> void withRetries(String channel, List<Received<T>> batch,
                                                   Consumer<List<Received<T>>> handler) {
        for (int attempt = 0; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    List<Received<T>> fresh = firstTimes(channel, batch);
                    if (!fresh.isEmpty()) {
                        traced(channel, fresh, () -> handler.accept(fresh));
                    }
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= BACKOFF_MS.length) {
                    throw e;
                }
                LOG.debugf(e, "%s: attempt %d of a batch of %d failed; trying again", channel, attempt + 1,
                        batch.size());
                sleep(BACKOFF_MS[attempt]);
            }
        }
    }

    /**
     * Does {@code work} with a span for each record, a child of the trace its {@code traceparent} header names (a new
     * trace when it names none), so that the events the work writes in answer belong to that trace
     * ({@link Traces#of}).
     */
    private <T extends SyncEvent> void traced(String channel, List<Received<T>> batch, Runnable work) {
        Map<UUID, String> traces = new HashMap<>();
        List<Span> spans = new ArrayList<>();
        for (Received<T> r : batch) {
            Header header = r.record() == null ? null : r.record().headers().lastHeader(Traces.HEADER);
            String incoming = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            if (tracer == null) {
                if (incoming != null) {
                    traces.put(r.event().eventId(), incoming);
                }
                continue;
            }
            SpanContext parent = Traces.parse(incoming);
            SpanBuilder span = tracer.spanBuilder(channel + " process").setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", r.record() == null ? channel : r.record().topic())
                    .setAttribute("xpmsync.firm", r.event().firmId())
                    .setAttribute("xpmsync.event", String.valueOf(r.event().eventId()));
            Span started = (parent.isValid() ? span.setParent(Context.root().with(Span.wrap(parent)))
                    : span.setNoParent()).startSpan();
            spans.add(started);
            traces.put(r.event().eventId(), Traces.format(started.getSpanContext()));
        }
        try {
            Traces.consuming(traces, work);
        } finally {
            spans.forEach(Span::end);
        }
    }

    /**
     * The records whose events this consumer sees for the first time (a repeat within the batch counts once), less
     * those of firms that asked to be forgotten ({@link ForgottenFirms}): still in flight when the firm left, they are
     * dropped.
     */
    private <T extends SyncEvent> List<Received<T>> firstTimes(String consumer, List<Received<T>> batch) {
        Map<UUID, Received<T>> byId = new LinkedHashMap<>();
        for (Received<T> r : batch) {
            byId.putIfAbsent(r.event().eventId(), r);
        }
        Set<UUID> fresh = new HashSet<>(processed.firstTimes(consumer, byId.keySet()));
        Set<String> gone = forgotten.among(byId.values().stream().map(r -> r.event().firmId()).toList());
        if (!gone.isEmpty()) {
            LOG.debugf("%s: dropped the events of forgotten firms %s", consumer, gone);
        }
        return byId.values().stream().filter(r -> fresh.contains(r.event().eventId()))
                .filter(r -> !gone.contains(r.event().firmId())).toList();
    }

    private static String reason(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && (text.isEmpty() || !text.toString().contains(t.getMessage()))) {
                text.append(text.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
