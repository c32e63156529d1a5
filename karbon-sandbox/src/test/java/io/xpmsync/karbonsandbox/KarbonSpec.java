package io.xpmsync.karbonsandbox;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.xpmsync.specs.Specs;

import java.util.stream.Collectors;

/**
 * Karbon's own OpenAPI document (the specs module's karbon-api-v3.openapi.json): the sandbox's
 * answers are validated against its component schemas, so the sandbox cannot drift from the real API.
 */
final class KarbonSpec {

    private static final String URI = "https://api.karbonhq.com/openapi.json";
    private static final SchemaRepository REPOSITORY = load();

    private KarbonSpec() {
    }

    /** The validation errors of {@code json} against {@code #/components/schemas/<component>}; empty when valid. */
    static String errors(String component, String json) {
        JsonSchema ref = JsonSchema.of(new JsonObject().put("$ref", URI + "#/components/schemas/" + component));
        OutputUnit result = REPOSITORY.validator(ref).validate(new JsonObject(json));
        if (Boolean.TRUE.equals(result.getValid())) {
            return "";
        }
        return result.getErrors() == null ? String.valueOf(result.getError()) : result.getErrors().stream()
                .map(u -> u.getInstanceLocation() + ": " + u.getError()).collect(Collectors.joining("; "));
    }

    private static SchemaRepository load() {
        JsonObject openapi = new JsonObject(Specs.read(Specs.KARBON_OPENAPI));
        SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012).setBaseUri(URI).setOutputFormat(OutputFormat.Basic));
        repository.dereference(URI, JsonSchema.of(openapi));
        return repository;
    }

}
