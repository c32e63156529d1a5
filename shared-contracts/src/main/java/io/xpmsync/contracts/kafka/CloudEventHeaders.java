package io.xpmsync.contracts.kafka;

import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.events.SyncEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event stays the record value and its attributes travel as
 * {@code ce_*} headers, so any CloudEvents consumer can read our topics. Every producer sets them through here.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /**
     * The headers for one event.
     *
     * @param source  the producing service as a URI reference, e.g. {@code /xpm-sync/connector-service}
     */
    public static Headers of(SyncEvent event, String source) {
        EventType type = EventType.of(event);
        RecordHeaders headers = new RecordHeaders();
        add(headers, ID, event.eventId().toString());
        add(headers, TYPE, type.cloudEventType());
        add(headers, SOURCE, source);
        add(headers, SPEC_VERSION, "1.0");
        add(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        add(headers, SUBJECT, event.firmId());
        add(headers, DATA_SCHEMA, type.schemaId());
        add(headers, CONTENT_TYPE, "application/json");
        return headers;
    }

    /** The value of one header as text, or {@code null} if absent. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
