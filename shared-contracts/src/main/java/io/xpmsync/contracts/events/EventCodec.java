package io.xpmsync.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON serde for every event. Decoding checks, in this order, that the payload is JSON, that its
 * {@code schemaVersion} is one this build reads, and that it satisfies the event's JSON Schema; every failure is an
 * {@link InvalidEventException} naming the field. Encoding omits {@code null} fields. Thread-safe; build one per
 * service.
 */
public final class EventCodec {

    static final String COMMON_SCHEMA_ID = "https://schemas.xpm-sync.io/common.v1.schema.json";
    private static final String COMMON_SCHEMA_RESOURCE = "schemas/common.v1.schema.json";

    private final ObjectMapper mapper;
    private final Map<EventType, Validator> validators = new EnumMap<>(EventType.class);

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // Within a major version producers may add optional fields; older consumers ignore them.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        JsonSchemaOptions options = new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("https://schemas.xpm-sync.io/")
                .setOutputFormat(OutputFormat.Basic);
        SchemaRepository repository = SchemaRepository.create(options);
        repository.dereference(COMMON_SCHEMA_ID, JsonSchema.of(new JsonObject(resource(COMMON_SCHEMA_RESOURCE))));
        for (EventType type : EventType.values()) {
            JsonSchema schema = JsonSchema.of(new JsonObject(resource(type.schemaResource())));
            repository.dereference(type.schemaId(), schema);
        }
        for (EventType type : EventType.values()) {
            validators.put(type, repository.validator(type.schemaId()));
        }
    }

    public String encode(SyncEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public <T extends SyncEvent> T decode(String json, Class<T> type) {
        EventType eventType = EventType.of(type);
        JsonNode tree = parse(json, eventType);
        checkSchemaVersion(tree, eventType);
        checkSchema(json, eventType);
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            String field = pointer(e);
            throw new InvalidEventException(field, eventType.simpleName() + " field " + field + " is invalid: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("", eventType.simpleName() + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event this service wrote itself (e.g. from its own outbox) without validating it against its schema
     * again: it was encoded from a record, so only the mapping is needed. Never use it for what others sent.
     */
    public <T extends SyncEvent> T decodeOwn(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("", EventType.of(type).simpleName() + " written by this service cannot be"
                    + " read back: " + e.getOriginalMessage(), e);
        }
    }

    public <T extends SyncEvent> T decode(byte[] json, Class<T> type) {
        return decode(new String(json, StandardCharsets.UTF_8), type);
    }

    /** The JSON tree of an event, as it goes on the wire. */
    public JsonNode toTree(SyncEvent event) {
        return mapper.valueToTree(event);
    }

    private JsonNode parse(String json, EventType type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("", type.simpleName() + " payload is empty");
        }
        try {
            JsonNode tree = mapper.readTree(json);
            if (!tree.isObject()) {
                throw new InvalidEventException("", type.simpleName() + " payload must be a JSON object, not "
                        + tree.getNodeType().name().toLowerCase());
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("", type.simpleName() + " payload is not well-formed JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void checkSchemaVersion(JsonNode tree, EventType type) {
        JsonNode version = tree.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidEventException("/schemaVersion", type.simpleName() + " has no schemaVersion");
        }
        if (!version.isInt()) {
            throw new InvalidEventException("/schemaVersion", type.simpleName()
                    + " schemaVersion must be an integer, got " + version);
        }
        if (version.intValue() != EventType.SCHEMA_VERSION) {
            throw new InvalidEventException("/schemaVersion", type.simpleName() + " schemaVersion "
                    + version.intValue() + " is not supported (this reader understands " + EventType.SCHEMA_VERSION
                    + ")");
        }
    }

    private void checkSchema(String json, EventType type) {
        OutputUnit result = validators.get(type).validate(new JsonObject(json));
        if (Boolean.TRUE.equals(result.getValid())) {
            return;
        }
        List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty()
                ? List.of(result) : result.getErrors();
        // The deepest location names the field itself rather than an object that contains it.
        String field = errors.stream().map(u -> location(u)).max(Comparator.comparingInt(String::length)).orElse("");
        String all = errors.stream()
                .map(u -> (location(u).isEmpty() ? "/" : location(u)) + ": " + u.getError())
                .distinct()
                .collect(Collectors.joining("; "));
        throw new InvalidEventException(field, type.simpleName() + " does not match its schema: " + all);
    }

    private static String location(OutputUnit unit) {
        String location = unit.getInstanceLocation();
        if (location == null) {
            return "";
        }
        return location.startsWith("#") ? location.substring(1) : location;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            s.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        return s.toString();
    }

    private static String resource(String name) {
        try (InputStream in = EventCodec.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
