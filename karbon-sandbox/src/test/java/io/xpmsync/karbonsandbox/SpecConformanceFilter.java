package io.xpmsync.karbonsandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.xpmsync.specs.Specs;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every answer the sandbox gives to a Karbon API request during its tests is checked against Karbon's own OpenAPI
 * document with Vert.x's OpenAPI validator: the operation must exist, the status code must be one Karbon documents for
 * it, and the body must match the documented schema. An answer that does not conform is turned into a 500 carrying the
 * violation (so the test that caused it fails) and recorded in {@link #VIOLATIONS}.
 */
@Provider
public class SpecConformanceFilter implements ContainerResponseFilter {

    static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    /** How many answers were checked. */
    static final java.util.concurrent.atomic.AtomicLong CHECKED = new java.util.concurrent.atomic.AtomicLong();
    /** Karbon's paths the sandbox serves. */
    static final java.util.Set<String> SERVED = java.util.Set.of("/v3/Contacts", "/v3/Contacts/{Contactkey}",
            "/v3/Organizations", "/v3/Organizations/{Organizationkey}", "/v3/BusinessCards/{BusinessCardKey}",
            "/v3/TenantSettings", "/v3/WebhookSubscriptions", "/v3/WebhookSubscriptions/{WebhookType}");
    private static final Vertx VERTX = Vertx.vertx();
    private static volatile OpenAPIContract contract;

    private final ObjectMapper json = new ObjectMapper();

    static synchronized OpenAPIContract contract() {
        if (contract == null) {
            JsonObject document = new JsonObject(Specs.read(Specs.KARBON_OPENAPI));
            // The contract checked here is Karbon's document cut to the resources the sandbox serves (xpm-sync uses
            // no others): Vert.x's validator refuses parts of the rest (OData function paths such as
            // GetContactByUserDefinedIdentifier(...), media types without a schema).
            JsonObject paths = document.getJsonObject("paths");
            paths.fieldNames().stream().filter(p -> !SERVED.contains(p)).toList().forEach(paths::remove);
            contract = await(OpenAPIContract.from(VERTX, document));
        }
        return contract;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/v3/")) {
            return;
        }
        String violation = violation(request.getMethod(), request.getUriInfo().getPath(), response);
        CHECKED.incrementAndGet();
        if (violation != null) {
            String report = request.getMethod() + " " + path + " answered " + response.getStatus() + ": " + violation;
            VIOLATIONS.add(report);
            response.setStatus(500);
            response.setEntity(Map.of("error", Map.of("code", "SpecViolation", "message", report)));
        }
    }

    static String check(String method, String path, int status, Map<String, String> headers, String body) {
        Operation operation = contract().findOperation(path, HttpMethod.valueOf(method));
        if (operation == null) {
            return "Karbon's API has no such operation";
        }
        ValidatableResponse answer = body == null || body.isEmpty() ? ValidatableResponse.create(status, headers)
                : ValidatableResponse.create(status, headers, Buffer.buffer(body), "application/json");
        try {
            await(ResponseValidator.create(VERTX, contract()).validate(answer, operation.getOperationId()));
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        }
    }

    private String violation(String method, String path, ContainerResponseContext response) {
        String body;
        try {
            Object entity = response.getEntity();
            body = entity == null ? null : entity instanceof String s ? s : json.writeValueAsString(entity);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "the body cannot be written as JSON: " + e.getMessage();
        }
        Map<String, String> headers = new HashMap<>();
        response.getStringHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        headers.remove("Content-Type");
        return check(method, path.startsWith("/") ? path : "/" + path, response.getStatus(), headers, body);
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("validation timed out", e);
        }
    }
}
