package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmContactList;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.client.xpm.model.XpmResponse;

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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XPM 3.1's client API for the firms whose access tokens {@link XpmTokenSource} provides. Every call:
 * <ul>
 *   <li>carries {@code Authorization: Bearer} and {@code Xero-Tenant-Id}; a 401 gets one newer token and one retry;</li>
 *   <li>waits for its practice's {@link XpmCallBudget}, so normal operation stays inside Xero's limits;</li>
 *   <li>honours {@code Retry-After} on 429 (the whole practice pauses), retries 5xx, timeouts and unreachable XPM
 *       with exponential backoff and jitter, and retries a malformed answer to a read; writes are retried only when
 *       XPM cannot have acted on them (429, 502, 503, 504, not connected), so a write is never made twice;</li>
 *   <li>reads {@code <Status>} on every answer, HTTP 200 included: {@code ERROR} is an {@link XpmErrorException}.</li>
 * </ul>
 * Everything else fails with an {@link XpmException} that says what happened and whether retrying later may help.
 * Thread-safe.
 */
public class XpmApi {

    private static final DateTimeFormatter MODIFIED_SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Set<Integer> WRITE_RETRYABLE = Set.of(429, 502, 503, 504);
    private static final Pattern PAGE_TOKEN = Pattern.compile("[?&]pageToken=([^&]+)");

    private final XpmApiConfig config;
    private final XpmTokenSource tokens;
    private final XpmCallGate budget;
    private final Duration budgetWait;
    private final Map<String, AtomicLong> callsMade = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final XpmXml xml = new XpmXml();

    /**
     * @param budgetWait how long a call may wait for the practice's budget before it is refused
     */
    public XpmApi(XpmApiConfig config, XpmTokenSource tokens, XpmCallGate budget, Duration budgetWait) {
        this.config = config;
        this.tokens = tokens;
        this.budget = budget;
        this.budgetWait = budgetWait;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * {@code client.api/list?detailed=true}: every client with its contacts, archived and deleted ones included;
     * with {@code modifiedSince}, only those changed since then (XPM takes the time in UTC, to the second).
     */
    public List<XpmClient> listClients(String firmId, Instant modifiedSince) {
        String query = "detailed=true" + (modifiedSince == null ? ""
                : "&modifiedsince=" + MODIFIED_SINCE.format(modifiedSince.truncatedTo(ChronoUnit.SECONDS)));
        return call(firmId, "GET", "client.api/list?" + query, null).clients();
    }

    public XpmClient getClient(String firmId, String uuid) {
        return call(firmId, "GET", "client.api/get/" + encode(uuid), null).client();
    }

    /** {@code client.api/add}: the new client as XPM holds it, with its UUID. */
    public XpmClient addClient(String firmId, XpmClient client) {
        return call(firmId, "POST", "client.api/add", xml.write(forRequest(client))).client();
    }

    /** {@code client.api/update}: {@code client.uuid()} names the client. */
    public XpmClient updateClient(String firmId, XpmClient client) {
        return call(firmId, "PUT", "client.api/update", xml.write(forRequest(client))).client();
    }

    public void archiveClient(String firmId, String uuid) {
        call(firmId, "PUT", "client.api/archive", xml.write(uuidOnly(uuid)));
    }

    public void deleteClient(String firmId, String uuid) {
        call(firmId, "POST", "client.api/delete", xml.write(uuidOnly(uuid)));
    }

    /** One page of {@code client.api/contacts} (non-deleted contacts); {@code pageToken} null for the first. */
    public XpmContactPage contacts(String firmId, int pageSize, String pageToken) {
        XpmResponse response = call(firmId, "GET", "client.api/contacts?pageSize=" + pageSize
                + (pageToken == null ? "" : "&pageToken=" + encode(pageToken)), null);
        String next = response.pagination() == null || response.pagination().links() == null ? null
                : response.pagination().links().next();
        String token = null;
        if (next != null) {
            Matcher m = PAGE_TOKEN.matcher(next);
            token = m.find() ? java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
        }
        return new XpmContactPage(response.contacts(), token);
    }

    /** {@code client.api/contact/{uuid}}; with {@code clientUuid}, {@code IsPrimary} and {@code Position} of that link. */
    public XpmContact getContact(String firmId, String uuid, String clientUuid) {
        return call(firmId, "GET", "client.api/contact/" + encode(uuid) + clientQuery(clientUuid), null).contact();
    }

    /** {@code client.api/contact}: a new contact added to the client named in {@code contact.client()}. */
    public XpmContact addContact(String firmId, XpmContact contact) {
        return call(firmId, "POST", "client.api/contact", xml.write(contact)).contact();
    }

    public XpmContact updateContact(String firmId, String uuid, String clientUuid, XpmContact contact) {
        return call(firmId, "PUT", "client.api/contact/" + encode(uuid) + clientQuery(clientUuid), xml.write(contact))
                .contact();
    }

    public void deleteContact(String firmId, String uuid, String clientUuid) {
        call(firmId, "DELETE", "client.api/contact/" + encode(uuid) + clientQuery(clientUuid), null);
    }

    /** {@code client.api/client/{uuid}/contacts}: links up to 10 existing contacts to a client. */
    public void linkContacts(String firmId, String clientUuid, List<XpmContact> links) {
        if (links.isEmpty() || links.size() > 10) {
            throw new IllegalArgumentException("XPM links 1 to 10 contacts per call, not " + links.size());
        }
        XpmClient body = new XpmClient(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, new XpmContactList(links));
        call(firmId, "POST", "client.api/client/" + encode(clientUuid) + "/contacts", xml.write(body));
    }

    /** The calls this instance has sent to the practice since it started (retries included). */
    public long callsMade(String tenantId) {
        AtomicLong made = callsMade.get(tenantId);
        return made == null ? 0 : made.get();
    }

    /** Sends one call with the budget, the token and the retry rules above; returns the OK answer. */
    private XpmResponse call(String firmId, String method, String path, String body) {
        URI uri = config.baseUrl().resolve(path);
        boolean read = method.equals("GET");
        XpmAccess access = tokens.current(firmId);
        boolean refreshed = false;
        Duration backoff = config.initialBackoff();
        XpmException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            HttpResponse<String> response;
            try (XpmCallGate.Permit ignored = budget.acquire(access.tenantId(), budgetWait)) {
                callsMade.computeIfAbsent(access.tenantId(), t -> new AtomicLong()).incrementAndGet();
                response = http.send(request(method, uri, body, access), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                last = new XpmException(0, true, what(method, uri) + " timed out after "
                        + config.requestTimeout().toSeconds() + " s", e);
                if (!read) {
                    throw new XpmException(0, true, last.getMessage() + "; XPM may or may not have made the change", e);
                }
                backoff = pause(backoff);
                continue;
            } catch (IOException e) {
                last = new XpmException(0, true, what(method, uri) + " could not reach XPM: " + e.getMessage(), e);
                if (!read && !(e instanceof java.net.ConnectException)) {
                    throw new XpmException(0, true, last.getMessage() + "; XPM may or may not have made the change", e);
                }
                backoff = pause(backoff);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XpmException(0, true, what(method, uri) + " was interrupted", e);
            }
            int status = response.statusCode();
            if (status == 401) {
                if (refreshed) {
                    throw new XpmException(401, false, what(method, uri) + " was refused (401) with a fresh token: the"
                            + " connection must be made again", null);
                }
                access = tokens.afterRejected(firmId, access);
                refreshed = true;
                attempt--;
                continue;
            }
            if (status == 429) {
                Duration wait = retryAfter(response);
                budget.pause(access.tenantId(), wait);
                last = new XpmException(429, true, what(method, uri) + " was rate limited by XPM ("
                        + response.headers().firstValue("X-Rate-Limit-Problem").orElse("unknown") + " limit); Retry-After "
                        + wait.toSeconds() + " s", null);
                continue;
            }
            if (status >= 500) {
                last = new XpmException(status, true, what(method, uri) + " failed with HTTP " + status, null);
                if (!read && !WRITE_RETRYABLE.contains(status)) {
                    throw new XpmException(status, true, last.getMessage() + "; XPM may or may not have made the change",
                            null);
                }
                backoff = pause(backoff);
                continue;
            }
            XpmResponse answer;
            try {
                answer = xml.read(response.body(), XpmResponse.class);
            } catch (XpmErrorException e) {
                if (status >= 400) {
                    throw new XpmException(status, false, what(method, uri) + " failed with HTTP " + status + ": "
                            + abbreviate(response.body()), null);
                }
                last = new XpmErrorException(what(method, uri) + ": " + e.getMessage(), e.description());
                if (!read) {
                    throw last;
                }
                backoff = pause(backoff);
                continue;
            }
            if (status >= 400 && XpmResponse.OK.equalsIgnoreCase(String.valueOf(answer.status()))) {
                throw new XpmException(status, false, what(method, uri) + " failed with HTTP " + status, null);
            }
            try {
                return answer.requireOk();
            } catch (XpmErrorException e) {
                throw new XpmErrorException(what(method, uri) + ": " + e.getMessage(), e.description());
            }
        }
        throw new XpmException(last.status(), true, last.getMessage() + " (gave up after " + config.maxAttempts()
                + " attempts)", last);
    }

    private HttpRequest request(String method, URI uri, String body, XpmAccess access) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + access.accessToken())
                .header("Xero-Tenant-Id", access.tenantId())
                .header("Accept", "text/xml");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "text/xml; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private Duration retryAfter(HttpResponse<String> response) {
        Duration wait = response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(1);
            }
        }).orElse(Duration.ofSeconds(1));
        if (wait.compareTo(config.maxRetryAfter()) > 0) {
            throw new XpmException(429, true, "XPM asked to wait " + wait.toSeconds() + " s ("
                    + response.headers().firstValue("X-Rate-Limit-Problem").orElse("unknown")
                    + " limit), longer than the " + config.maxRetryAfter().toSeconds() + " s this client waits", null);
        }
        return wait;
    }

    /** Requests say {@code <WebSite>}; answers say {@code <Website>}. */
    private static XpmClient forRequest(XpmClient c) {
        return new XpmClient(c.uuid(), c.name(), c.firstName(), c.lastName(), c.email(), c.address(), c.city(),
                c.region(), c.postCode(), c.country(), c.postalAddress(), c.postalCity(), c.postalRegion(),
                c.postalPostCode(), c.postalCountry(), c.phone(), c.fax(), null, c.websiteAnySpelling(),
                c.businessStructure(), null, null, c.contactList());
    }

    private static XpmClient uuidOnly(String uuid) {
        return new XpmClient(uuid, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    private static String clientQuery(String clientUuid) {
        return clientUuid == null ? "" : "?clientUuid=" + encode(clientUuid);
    }

    private static String what(String method, URI uri) {
        return method + " " + uri.getPath();
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static Duration pause(Duration backoff) {
        long jittered = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        try {
            TimeUnit.MILLISECONDS.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XpmException(0, true, "interrupted while waiting to retry an XPM call", e);
        }
        return backoff.multipliedBy(2);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
