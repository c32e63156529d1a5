package io.xpmsync.client.karbon;

import io.xpmsync.budget.ApiCalls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.ODataPage;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.client.karbon.model.TenantSettingsDto;
import io.xpmsync.client.karbon.model.WebhookSubscriptionDto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * Karbon API v3 for one firm. Lists follow {@code @odata.nextLink} to the end. Every call (retries included) first
 * asks the firm's allowance ({@link KarbonCallGate}). A 429 is reported to the gate and waited out for its
 * {@code Retry-After} up to the configured longest wait, beyond which it fails the call with the wait attached; a
 * 5xx, a timeout or a dropped connection is retried with exponential backoff and jitter; anything else fails at once
 * with Karbon's own message. Thread-safe.
 *
 * <p>Over 400 lines because every Karbon endpoint xpm-sync calls is one method here beside the one retrying
 * {@code send}; its seam is between the calls and the transport (send, retries, unzipping, error shape), which is
 * where it splits next.
 */
public class KarbonClient {

    /** The most of Karbon's error message an exception carries. */
    static final int MESSAGE_LENGTH = 200;

    private static final TypeReference<ODataPage<ContactSummaryDto>> CONTACT_PAGE = new TypeReference<>() {
    };
    private static final TypeReference<ODataPage<OrganizationSummaryDto>> ORGANIZATION_PAGE = new TypeReference<>() {
    };

    private final KarbonClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public KarbonClient(KarbonClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    }

    /** Every Contact (person) matching an OData {@code $filter}, or all when {@code filter} is null. */
    public List<ContactSummaryDto> listContacts(String filter) {
        return listAll("/v3/Contacts", filter, CONTACT_PAGE);
    }

    /** Every Organization matching an OData {@code $filter}, or all when {@code filter} is null. */
    public List<OrganizationSummaryDto> listOrganizations(String filter) {
        return listAll("/v3/Organizations", filter, ORGANIZATION_PAGE);
    }

    /**
     * The Contacts (people) Karbon changed at or after {@code since}, newest first: pages through
     * {@code $orderby=LastModifiedDateTime desc} and stops at the first page that reaches an older record. Karbon's
     * {@code $filter} cannot select by time, so this is how a recent change is found without reading every record.
     */
    public List<ContactSummaryDto> listContactsChangedSince(Instant since) {
        return listNewestFirst("/v3/Contacts", CONTACT_PAGE, ContactSummaryDto::lastModifiedDateTime, since);
    }

    /** The Organizations Karbon changed at or after {@code since}, newest first (see {@link #listContactsChangedSince}). */
    public List<OrganizationSummaryDto> listOrganizationsChangedSince(Instant since) {
        return listNewestFirst("/v3/Organizations", ORGANIZATION_PAGE, OrganizationSummaryDto::lastModifiedDateTime,
                since);
    }

    public ContactDto getContact(String key) {
        return send("GET", "/v3/Contacts/" + encode(key) + "?$expand=BusinessCards", null, ContactDto.class);
    }

    public OrganizationDto getOrganization(String key) {
        return send("GET", "/v3/Organizations/" + encode(key) + "?$expand=BusinessCards", null, OrganizationDto.class);
    }

    public ContactDto createContact(ContactRequest request) {
        return send("POST", "/v3/Contacts", request, ContactDto.class);
    }

    public OrganizationDto createOrganization(OrganizationRequest request) {
        return send("POST", "/v3/Organizations", request, OrganizationDto.class);
    }

    /**
     * Changes a Contact without losing what the caller does not model: reads it (with its business cards and its
     * client team, which Karbon answers only when asked by {@code $expand}), lets
     * {@code change} return it with the synced values changed (or null: nothing to write), and sends it back whole
     * with {@code PUT} (Karbon answers 204): every field Karbon holds that {@code ContactDto} does not model is sent
     * back as read, existing cards keep their {@code BusinessCardKey}, {@code EntityType}, {@code EntityKey} and
     * social links, {@code RestrictionLevel} is left out (setting it needs a permission this application may not
     * have), and {@code BusinessCards} is left out when the cards did not change. A 409 (another request changed the
     * Contact meanwhile) reads it again and re-applies {@code change}. Returns what was written, if anything.
     */
    public Optional<ContactDto> updateContact(String key, UnaryOperator<ContactDto> change) {
        return readModifyWrite("/v3/Contacts/" + encode(key), ContactDto.class, change,
                KarbonRecordBodies.CONTACT_FIELDS);
    }

    /** Changes an Organization without losing what the caller does not model; see {@link #updateContact}. */
    public Optional<OrganizationDto> updateOrganization(String key, UnaryOperator<OrganizationDto> change) {
        return readModifyWrite("/v3/Organizations/" + encode(key), OrganizationDto.class, change,
                KarbonRecordBodies.ORGANIZATION_FIELDS);
    }

    /**
     * Replaces a Contact with exactly {@code request} (PUT; fields left out are cleared, cards left out may be
     * removed): what a person editing the whole record does. To change synced values, use
     * {@link #updateContact(String, UnaryOperator)}.
     */
    public void replaceContact(String key, ContactRequest request) {
        send("PUT", "/v3/Contacts/" + encode(key), request, Void.class);
    }

    /** Replaces an Organization with exactly {@code request}; see {@link #replaceContact}. */
    public void replaceOrganization(String key, OrganizationRequest request) {
        send("PUT", "/v3/Organizations/" + encode(key), request, Void.class);
    }

    public BusinessCardDto getBusinessCard(String key) {
        return send("GET", "/v3/BusinessCards/" + encode(key), null, BusinessCardDto.class);
    }

    /** Replaces one business card's details (PUT; Karbon answers 204). */
    public void replaceBusinessCard(String key, BusinessCardDto card) {
        send("PUT", "/v3/BusinessCards/" + encode(key), card, Void.class);
    }

    /** The firm's webhook subscription of {@code webhookType} ("Contact"), or empty when it has none (404). */
    public Optional<WebhookSubscriptionDto> webhookSubscription(String webhookType) {
        try {
            return Optional.of(send("GET", "/v3/WebhookSubscriptions/" + encode(webhookType), null,
                    WebhookSubscriptionDto.class));
        } catch (KarbonClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Subscribes {@code targetUrl} to Karbon's webhooks of {@code webhookType}, signed with {@code signingKey}. */
    public WebhookSubscriptionDto subscribeWebhook(String webhookType, String targetUrl, String signingKey) {
        return send("POST", "/v3/WebhookSubscriptions", new WebhookSubscriptionDto(null, targetUrl, webhookType,
                signingKey), WebhookSubscriptionDto.class);
    }

    /** Deletes the firm's webhook subscription of {@code webhookType} (204, whether or not there was one). */
    public void unsubscribeWebhook(String webhookType) {
        send("DELETE", "/v3/WebhookSubscriptions/" + encode(webhookType), null, Void.class);
    }

    private static final int CONFLICT_ATTEMPTS = 3;
    /** What a read-modify-write asks Karbon to add to the record: every $expand property its PUT takes. */
    static final String READ_BEFORE_PUT = "BusinessCards,ClientTeam";

    private <T> Optional<T> readModifyWrite(String path, Class<T> type, UnaryOperator<T> change,
                                            java.util.Set<String> writable) {
        for (int attempt = 1; ; attempt++) {
            // ClientTeam comes only with $expand and PUT is a full update: read it so the PUT sends it back.
            // PATCH would leave it alone, but takes only the names, not the business cards xpm-sync writes.
            ObjectNode read = send("GET", path + "?$expand=" + READ_BEFORE_PUT, null, ObjectNode.class);
            T current = convert(read, type, path);
            T wanted = change.apply(current);
            if (wanted == null) {
                return Optional.empty();
            }
            ObjectNode body = KarbonRecordBodies.putBody(read, json.valueToTree(current), json.valueToTree(wanted),
                    writable);
            try {
                send("PUT", path + (body.has("BusinessCards") ? "?$expand=BusinessCards" : ""), body, Void.class);
                return Optional.of(wanted);
            } catch (KarbonClientException e) {
                if (e.status() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                // StaleObjectState: changed by another request meanwhile; read it again and re-apply the change
            }
        }
    }

    private <T> T convert(ObjectNode node, Class<T> type, String path) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new KarbonClientException(200, "MalformedResponse", "GET " + path
                    + " answered with a body that is not the expected JSON: " + shortened(e.getMessage()), e);
        }
    }

    public TenantSettingsDto tenantSettings() {
        return send("GET", "/v3/TenantSettings", null, TenantSettingsDto.class);
    }

    private <T> List<T> listAll(String path, String filter, TypeReference<ODataPage<T>> pageType) {
        List<T> all = new ArrayList<>();
        // Ordered by LastModifiedDateTime: a record changed while the pages are read moves to the end, where it is
        // still read, rather than shifting others past a page boundary (by name, a rename could skip a record).
        String next = path + "?$orderby=" + encode("LastModifiedDateTime")
                + (filter == null ? "" : "&$filter=" + encode(filter));
        while (next != null) {
            ODataPage<T> page = json.convertValue(send("GET", next, null, Object.class), pageType);
            all.addAll(page.value());
            next = page.odataNextLink();
        }
        return all;
    }

    private <T> List<T> listNewestFirst(String path, TypeReference<ODataPage<T>> pageType,
                                        Function<T, String> lastModified, Instant since) {
        List<T> changed = new ArrayList<>();
        String next = path + "?$orderby=" + encode("LastModifiedDateTime desc");
        while (next != null) {
            ODataPage<T> page = json.convertValue(send("GET", next, null, Object.class), pageType);
            for (T item : page.value()) {
                String modified = lastModified.apply(item);
                if (modified == null || Instant.parse(modified).isBefore(since)) {
                    return changed;
                }
                changed.add(item);
            }
            next = page.odataNextLink();
        }
        return changed;
    }

    /**
     * An answer's body as text, unzipped when Karbon compressed it ({@code Content-Encoding: gzip}). The whole body is
     * in hand before it is unzipped (Karbon's answers are one page or one record), so nothing blocks a network thread.
     */
    private static final HttpResponse.BodyHandler<String> UNZIPPED_TEXT = info -> info.headers()
            .firstValue("Content-Encoding").map(String::strip).filter("gzip"::equalsIgnoreCase).isPresent()
            ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), KarbonClient::gunzip)
            : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);

    private static String gunzip(byte[] zipped) {
        if (zipped.length == 0) {
            return ""; // a 204 may still name its (empty) body's encoding
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Karbon's compressed answer could not be unzipped", e);
        }
    }

    /** Sends one call, retrying what is worth retrying; {@code pathOrUrl} may be an absolute next link. */
    private <T> T send(String method, String pathOrUrl, Object body, Class<T> type) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl)
                : URI.create(config.baseUrl().toString().replaceAll("/$", "") + pathOrUrl);
        if (!sameServer(uri, config.baseUrl())) {
            // a next link to another server would take the firm's credentials there
            throw new KarbonClientException(200, "MalformedResponse", "Karbon's next link leads away from "
                    + config.baseUrl().getHost() + " (to " + uri.getHost() + "); not followed", null);
        }
        HttpRequest request = request(method, uri, body);
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= config.maxAttempts();
            config.gate().beforeCall();
            HttpResponse<String> response;
            try {
                response = http.send(request, UNZIPPED_TEXT);
            } catch (HttpTimeoutException e) {
                ApiCalls.answered(KarbonAllowance.API, method, 0);
                if (last) {
                    throw new KarbonClientException(0, "Timeout", method + " " + uri.getPath() + " timed out "
                            + attempt + " times", e);
                }
                backoff = pause(backoff);
                continue;
            } catch (IOException e) {
                ApiCalls.answered(KarbonAllowance.API, method, 0);
                if (last) {
                    throw new KarbonClientException(0, "Unreachable", method + " " + uri.getPath()
                            + " could not reach Karbon: " + e.getMessage(), e);
                }
                backoff = pause(backoff);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KarbonClientException(0, "Interrupted", method + " " + uri.getPath() + " interrupted", e);
            }
            int status = response.statusCode();
            ApiCalls.answered(KarbonAllowance.API, method, status);
            if (status >= 200 && status < 300) {
                return read(response.body(), type, method, uri);
            }
            if (status == 429) {
                Duration wait = retryAfter(response);
                config.gate().rateLimited(wait);
                if (last || wait.compareTo(config.maxRetryAfter()) > 0) {
                    throw new KarbonClientException(429, "TooManyRequests", "Karbon answered 429 Too Many Requests"
                            + " to " + method + " " + uri.getPath() + " and asked to wait "
                            + Math.max(1, wait.toSeconds()) + " s", null, wait);
                }
                sleep(wait);
                continue;
            }
            if (status >= 500 && !last) {
                backoff = pause(backoff);
                continue;
            }
            throw failure(response, method, uri);
        }
    }

    private HttpRequest request(String method, URI uri, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.bearer().get())
                .header("AccessKey", config.accessKey())
                .header("Accept", "application/json")
                // lists and whole records compress well; the answer is unzipped by UNZIPPED_TEXT
                .header("Accept-Encoding", "gzip");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName(), e);
        }
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(1);
            }
        }).orElse(Duration.ofSeconds(1));
    }

    /**
     * Karbon answers errors in three shapes: {@code {"error": {"code", "message"}}} (most),
     * {@code {"error": {"statusCode", "message"}}} (401) and {@code {"statusCode", "message"}} (some 404s).
     */
    private static boolean sameServer(URI uri, URI base) {
        return String.valueOf(uri.getScheme()).equalsIgnoreCase(base.getScheme())
                && String.valueOf(uri.getHost()).equalsIgnoreCase(base.getHost()) && uri.getPort() == base.getPort();
    }

    /**
     * Only Karbon's own error shape is passed on (status, code and message, the message at most
     * {@value #MESSAGE_LENGTH} characters): any other body (a proxy's page, a server's stack trace) is not repeated,
     * as it may say anything to whoever reads the error.
     */
    private KarbonClientException failure(HttpResponse<String> response, String method, URI uri) {
        String code = "Http" + response.statusCode();
        String message = "not one of Karbon's error answers";
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode error = body != null && body.path("error").isObject() ? body.path("error") : body;
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                message = shortened(error.get("message").asText());
                code = shortened(error.hasNonNull("code") ? error.get("code").asText()
                        : error.hasNonNull("statusCode") ? error.get("statusCode").asText() : code);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not one of Karbon's error bodies
        }
        return new KarbonClientException(response.statusCode(), code, method + " " + uri.getPath() + " failed with "
                + response.statusCode() + " " + code + ": " + message, null);
    }

    static String shortened(String text) {
        return text.length() <= MESSAGE_LENGTH ? text : text.substring(0, MESSAGE_LENGTH) + "…";
    }

    private <T> T read(String body, Class<T> type, String method, URI uri) {
        if (type == Void.class) {
            return null; // 204 No Content (Karbon's answer to PUT), or a body nobody asked for
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new KarbonClientException(200, "MalformedResponse", method + " " + uri.getPath()
                    + " answered with a body that is not the expected JSON: " + shortened(e.getOriginalMessage()), e);
        }
    }

    private static Duration pause(Duration backoff) {
        long jittered = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        sleep(Duration.ofMillis(jittered));
        return backoff.multipliedBy(2);
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KarbonClientException(0, "Interrupted", "interrupted while waiting to retry", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
