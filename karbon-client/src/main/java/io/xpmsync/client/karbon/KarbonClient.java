package io.xpmsync.client.karbon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.ODataError;
import io.xpmsync.client.karbon.model.ODataPage;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.client.karbon.model.TenantSettingsDto;

import java.io.IOException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Karbon API v3 for one firm. Lists follow {@code @odata.nextLink} to the end. Every call (retries included) first
 * asks the firm's allowance ({@link KarbonCallGate}). A 429 is reported to the gate and waited out for its
 * {@code Retry-After} up to the configured longest wait, beyond which it fails the call with the wait attached; a
 * 5xx, a timeout or a dropped connection is retried with exponential backoff and jitter; anything else fails at once
 * with Karbon's own message. Thread-safe.
 */
public class KarbonClient {

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

    public ContactDto updateContact(String key, ContactRequest request) {
        return send("PUT", "/v3/Contacts/" + encode(key), request, ContactDto.class);
    }

    public OrganizationDto createOrganization(OrganizationRequest request) {
        return send("POST", "/v3/Organizations", request, OrganizationDto.class);
    }

    public OrganizationDto updateOrganization(String key, OrganizationRequest request) {
        return send("PUT", "/v3/Organizations/" + encode(key), request, OrganizationDto.class);
    }

    public BusinessCardDto getBusinessCard(String key) {
        return send("GET", "/v3/BusinessCards/" + encode(key), null, BusinessCardDto.class);
    }

    public BusinessCardDto updateBusinessCard(String key, BusinessCardDto card) {
        return send("PUT", "/v3/BusinessCards/" + encode(key), card, BusinessCardDto.class);
    }

    public TenantSettingsDto tenantSettings() {
        return send("GET", "/v3/TenantSettings", null, TenantSettingsDto.class);
    }

    private <T> List<T> listAll(String path, String filter, TypeReference<ODataPage<T>> pageType) {
        List<T> all = new ArrayList<>();
        String next = path + (filter == null ? "" : "?$filter=" + encode(filter));
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

    /** Sends one call, retrying what is worth retrying; {@code pathOrUrl} may be an absolute next link. */
    private <T> T send(String method, String pathOrUrl, Object body, Class<T> type) {
        URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl)
                : URI.create(config.baseUrl().toString().replaceAll("/$", "") + pathOrUrl);
        HttpRequest request = request(method, uri, body);
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= config.maxAttempts();
            config.gate().beforeCall();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                if (last) {
                    throw new KarbonClientException(0, "Timeout", method + " " + uri.getPath() + " timed out "
                            + attempt + " times", e);
                }
                backoff = pause(backoff);
                continue;
            } catch (IOException e) {
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
                .header("Authorization", "Bearer " + config.applicationId())
                .header("AccessKey", config.accessKey())
                .header("Accept", "application/json");
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

    private KarbonClientException failure(HttpResponse<String> response, String method, URI uri) {
        String code = "Http" + response.statusCode();
        String message = response.body();
        try {
            ODataError error = json.readValue(response.body(), ODataError.class);
            if (error.error() != null) {
                code = error.error().code();
                message = error.error().message();
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not Karbon's error body: keep the raw text
        }
        return new KarbonClientException(response.statusCode(), code, method + " " + uri.getPath() + " failed with "
                + response.statusCode() + " " + code + ": " + message, null);
    }

    private <T> T read(String body, Class<T> type, String method, URI uri) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new KarbonClientException(200, "MalformedResponse", method + " " + uri.getPath()
                    + " answered with a body that is not the expected JSON: " + e.getOriginalMessage(), e);
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
