package io.xpmsync.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.contracts.events.EventType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads our JSON Schemas as plain trees, following {@code $ref}s, so tests can compare them with records and samples. */
final class SchemaModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaModel() {
    }

    static JsonNode root(EventType type) {
        return load(type.schemaResource());
    }

    /** Follows a {@code $ref} (local or into {@code common.v1.schema.json}) until a schema with content is reached. */
    static JsonNode resolve(JsonNode schema, JsonNode document) {
        JsonNode current = schema;
        JsonNode doc = document;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            int hash = ref.indexOf('#');
            String file = ref.substring(0, hash);
            if (!file.isEmpty()) {
                doc = load("schemas/" + file);
            }
            current = doc.at(ref.substring(hash + 1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("unresolvable $ref " + ref);
            }
        }
        return current;
    }

    /** JSON pointers of fields in {@code instance} that the event's schema does not declare. */
    static List<String> undeclaredFields(EventType type, JsonNode instance) {
        List<String> undeclared = new ArrayList<>();
        JsonNode root = root(type);
        walk(root, root, instance, "", undeclared);
        return undeclared;
    }

    private static void walk(JsonNode schema, JsonNode doc, JsonNode instance, String path, List<String> out) {
        JsonNode s = resolve(schema, doc);
        JsonNode context = s == schema ? doc : documentOf(schema, doc);
        if (instance.isObject()) {
            JsonNode properties = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode declared = properties.get(field.getKey());
                if (declared == null) {
                    out.add(path + "/" + field.getKey());
                } else {
                    walk(declared, context, field.getValue(), path + "/" + field.getKey(), out);
                }
            }
        } else if (instance.isArray() && s.has("items")) {
            for (int i = 0; i < instance.size(); i++) {
                walk(s.get("items"), context, instance.get(i), path + "/" + i, out);
            }
        }
    }

    /** The document a schema node's first {@code $ref} leads into. */
    static JsonNode documentOf(JsonNode schema, JsonNode doc) {
        String ref = schema.path("$ref").asText("");
        int hash = ref.indexOf('#');
        return hash > 0 ? load("schemas/" + ref.substring(0, hash)) : doc;
    }

    private static JsonNode load(String resource) {
        try (InputStream in = SchemaModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
