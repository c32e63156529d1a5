package io.xpmsync.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.xpmsync.contracts.events.EventType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records and the schemas describe the same fields, all the way down: a field renamed, added or removed on one
 * side only fails here, before any consumer sees it.
 */
class RecordsMatchSchemasTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void record_components_and_schema_properties_agree(EventType type) {
        List<String> mismatches = new ArrayList<>();
        JsonNode root = SchemaModel.root(type);
        compare(type.recordClass(), root, root, type.simpleName(), mismatches);
        assertThat(mismatches).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_schema_requires_the_envelope(EventType type) {
        Set<String> required = new TreeSet<>();
        SchemaModel.root(type).path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).contains("eventId", "firmId", "occurredAt", "schemaVersion");
        assertThat(SchemaModel.root(type).path("$id").asText()).isEqualTo(type.schemaId());
    }

    private static void compare(Class<?> record, JsonNode schema, JsonNode doc, String path, List<String> out) {
        JsonNode s = SchemaModel.resolve(schema, doc);
        JsonNode context = SchemaModel.documentOf(schema, doc);
        Set<String> components = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            components.add(c.getName());
            JsonNode property = s.path("properties").get(c.getName());
            if (property == null) {
                out.add(path + "." + c.getName() + " is in the record but not in the schema");
                continue;
            }
            Class<?> nested = nestedRecord(c.getGenericType());
            if (nested != null) {
                JsonNode target = SchemaModel.resolve(property, context);
                JsonNode targetDoc = SchemaModel.documentOf(property, context);
                if (target.has("items")) {
                    compare(nested, target.get("items"), targetDoc, path + "." + c.getName() + "[]", out);
                } else {
                    compare(nested, property, context, path + "." + c.getName(), out);
                }
            }
        }
        for (Iterator<String> it = s.path("properties").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!components.contains(name)) {
                out.add(path + "." + name + " is in the schema but not in the record");
            }
        }
    }

    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c && c.isRecord()) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c
                && c.isRecord()) {
            return c;
        }
        return null;
    }
}
