package io.xpmsync.client.xpm;

import io.xpmsync.budget.ApiCalls;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmContactList;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.client.xpm.model.XpmResponse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xpm-answer-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final XpmApiConfig config;
    private final XpmTokenSource tokens;
    private final XpmCallGate budget;
    private final Duration budgetWait;
    private final Map<String, AtomicLong> callsMade = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytesRead = new ConcurrentHashMap<>();
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
     * {@code client.api/list}: every client with its contacts, archived and deleted ones included; with
     * {@code modifiedSince}, only those changed since then (XPM takes the time in UTC, to the second). Not
     * {@code detailed=true}: that adds notes, groups and relationships, which are not synced. Holds the whole list;
     * {@link #streamClients} does not.
     */
    public List<XpmClient> listClients(String firmId, Instant modifiedSince) {
        List<XpmClient> clients = new ArrayList<>();
        streamClients(firmId, modifiedSince, clients::add);
        return clients;
    }

    /**
     * {@link #listClients}, streamed: each client goes to {@code each} as it is parsed, so memory stays flat for a
     * practice of any size (Xero's forum reports 50 MB and minutes for 15,000 clients). One XPM call. If the answer
     * breaks off, the call is retried as any read is, and {@code each} sees the clients again from the start: it must
     * tolerate clients it has seen.
     */
    public void streamClients(String firmId, Instant modifiedSince, Consumer<XpmClient> each) {
        String query = modifiedSince == null ? "" : "?modifiedsince="
                + MODIFIED_SINCE.format(modifiedSince.truncatedTo(ChronoUnit.SECONDS));
        call(firmId, "GET", "client.api/list" + query, null, each);
    }

    public XpmClient getClient(String firmId, String uuid) {
        return call(firmId, "GET", "client.api/get/" + encode(uuid), null).client();
    }

    /** {@code client.api/add}: the new client as XPM holds it, with its UUID. */
    public XpmClient addClient(String firmId, XpmClient client) {
        return call(firmId, "POST", "client.api/add", addRequest(client)).client();
    }

    /**
     * What {@code client.api/add} is sent: a client, never a prospect ({@code IsProspect} No), as Xero does not
     * document what XPM makes of an add that leaves the flag out; what xpm-sync adds comes from a Karbon contact.
     */
    String addRequest(XpmClient client) {
        return xml.write(forRequest(client).withGetOnlyFields(client.businessStructure(), "No"));
    }

    /** {@code client.api/update}: {@code client.uuid()} names the client. */
    public XpmClient updateClient(String firmId, XpmClient client) {
        return call(firmId, "PUT", "client.api/update", xml.write(forRequest(client))).client();
    }

    /**
     * {@code client.api/update} of the synced fields: reads the client ({@code client.api/get}), hands what XPM holds
     * to {@code change}, and sends the UUID, the Name (as held unless changed) and only the fields {@code change}'s
     * answer sets (its null fields are left out, and XPM keeps them; see {@link XpmUpdates}): nothing XPM reads in
     * another form than it writes (the masked tax number, the GST period's words) is ever sent back.
     * {@code change} answering null writes nothing and answers empty. Two XPM calls (one when nothing is written).
     */
    public Optional<XpmClient> updateClient(String firmId, String uuid, UnaryOperator<XpmClient> change) {
        Answer held = exchange(firmId, "GET", "client.api/get/" + encode(uuid), null, null);
        XpmClient wanted = change.apply(held.response().client());
        if (wanted == null) {
            return Optional.empty();
        }
        String body = XpmUpdates.merge(held.text(), "Client", XpmUpdates.CLIENT_UPDATE,
                XpmUpdates.CLIENT_REQUIRED, xml.write(forRequest(withUuid(wanted, held.response().client().uuid()))));
        return Optional.of(call(firmId, "PUT", "client.api/update", body).client());
    }

    /** A contact's update by read-modify-write, as {@link #updateClient(String, String, UnaryOperator)} does. */
    public Optional<XpmContact> updateContact(String firmId, String uuid, String clientUuid,
                                              UnaryOperator<XpmContact> change) {
        String path = "client.api/contact/" + encode(uuid) + clientQuery(clientUuid);
        Answer held = exchange(firmId, "GET", path, null, null);
        XpmContact wanted = change.apply(held.response().contact());
        if (wanted == null) {
            return Optional.empty();
        }
        String body = XpmUpdates.merge(held.text(), "Contact", XpmUpdates.CONTACT_UPDATE,
                XpmUpdates.CONTACT_REQUIRED, xml.write(wanted));
        return Optional.of(call(firmId, "PUT", path, body).contact());
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
                null, null, null, null, null, null, null, null, null, new XpmContactList(links), null, null);
        call(firmId, "POST", "client.api/client/" + encode(clientUuid) + "/contacts", xml.write(body));
    }

    /** The calls this instance has sent to the practice since it started (retries included). */
    public long callsMade(String tenantId) {
        AtomicLong made = callsMade.get(tenantId);
        return made == null ? 0 : made.get();
    }

    /** The bytes of XPM's answers this instance has read from the practice since it started. */
    public long bytesRead(String tenantId) {
        AtomicLong read = bytesRead.get(tenantId);
        return read == null ? 0 : read.get();
    }

    private XpmResponse call(String firmId, String method, String path, String body) {
        return exchange(firmId, method, path, body, null).response();
    }

    private XpmResponse call(String firmId, String method, String path, String body, Consumer<XpmClient> streamed) {
        return exchange(firmId, method, path, body, streamed).response();
    }

    /** An OK answer, and its XML as XPM sent it (null when streamed). */
    private record Answer(XpmResponse response, String text) {
    }

    /**
     * Sends one call with the budget, the token and the retry rules above; returns the OK answer. With
     * {@code streamed}, an OK answer's clients are handed to it as they arrive instead.
     */
    private Answer exchange(String firmId, String method, String path, String body, Consumer<XpmClient> streamed) {
        URI uri = config.baseUrl().resolve(path);
        boolean read = method.equals("GET");
        XpmAccess access = tokens.current(firmId);
        boolean refreshed = false;
        Duration backoff = config.initialBackoff();
        XpmException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            HttpResponse<InputStream> response;
            try (XpmCallGate.Permit ignored = budget.acquire(access.tenantId(), budgetWait)) {
                callsMade.computeIfAbsent(access.tenantId(), t -> new AtomicLong()).incrementAndGet();
                response = http.send(request(method, uri, body, access, streamed == null ? config.requestTimeout()
                        : config.listTimeout()), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                ApiCalls.answered(XpmAllowance.API, method, 0);
                last = new XpmException(0, true, what(method, uri) + " timed out after "
                        + config.requestTimeout().toSeconds() + " s", e);
                if (!read) {
                    throw new XpmException(0, true, last.getMessage() + "; XPM may or may not have made the change", e);
                }
                backoff = pause(backoff);
                continue;
            } catch (IOException e) {
                ApiCalls.answered(XpmAllowance.API, method, 0);
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
            ApiCalls.answered(XpmAllowance.API, method, status);
            remaining(access.tenantId(), response, "X-DayLimit-Remaining", "day");
            remaining(access.tenantId(), response, "X-MinLimit-Remaining", "minute");
            AtomicLong counter = bytesRead.computeIfAbsent(access.tenantId(), t -> new AtomicLong());
            if (streamed != null && status == 200) {
                XpmResponse answer;
                CountingInputStream in = new CountingInputStream(response.body(), counter);
                StallWatch watch = new StallWatch(in, config.requestTimeout());
                try (InputStream decoded = Gzip.decoded(response, in)) {
                    answer = xml.readClients(decoded, watch.around(streamed));
                } catch (XpmErrorException e) {
                    watch.stop();
                    last = new XpmErrorException(what(method, uri) + ": " + e.getMessage(), e.description());
                    backoff = pause(backoff);
                    continue;
                } catch (IOException | UncheckedIOException e) {
                    watch.stop();
                    last = new XpmException(0, true, what(method, uri) + (watch.stalled() ? ": the answer stopped"
                            + " arriving for " + config.requestTimeout().toSeconds() + " s" : ": " + e.getMessage()), e);
                    backoff = pause(backoff);
                    continue;
                } finally {
                    watch.stop();
                }
                try {
                    return new Answer(answer.requireOk(), null);
                } catch (XpmErrorException e) {
                    throw new XpmErrorException(what(method, uri) + ": " + e.getMessage(), e.description());
                }
            }
            String text;
            try (InputStream in = Gzip.decoded(response, new CountingInputStream(response.body(), counter))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                last = new XpmException(0, true, what(method, uri) + ": the answer broke off: " + e.getMessage(), e);
                if (!read) {
                    throw new XpmException(0, true, last.getMessage() + "; XPM may or may not have made the change", e);
                }
                backoff = pause(backoff);
                continue;
            }
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
                String limit = response.headers().firstValue("X-Rate-Limit-Problem").orElse("unknown");
                // every replica and service waits, however long XPM asked (a daily limit: hours)
                budget.pause(access.tenantId(), wait, limit);
                if (wait.compareTo(config.maxRetryAfter()) > 0) {
                    throw new XpmException(429, true, "XPM asked to wait " + wait.toSeconds() + " s (" + limit
                            + " limit), longer than the " + config.maxRetryAfter().toSeconds() + " s this client"
                            + " waits: the practice is paused until " + Instant.now().plus(wait)
                            .truncatedTo(ChronoUnit.SECONDS), null);
                }
                last = new XpmException(429, true, what(method, uri) + " was rate limited by XPM (" + limit
                        + " limit); Retry-After " + wait.toSeconds() + " s", null);
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
                answer = xml.read(text, XpmResponse.class);
            } catch (XpmErrorException e) {
                if (status >= 400) {
                    throw new XpmException(status, false, what(method, uri) + " failed with HTTP " + status + ": "
                            + abbreviate(text), null);
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
                return new Answer(answer.requireOk(), text);
            } catch (XpmErrorException e) {
                throw new XpmErrorException(what(method, uri) + ": " + e.getMessage(), e.description());
            }
        }
        throw new XpmException(last.status(), true, last.getMessage() + " (gave up after " + config.maxAttempts()
                + " attempts)", last);
    }

    private HttpRequest request(String method, URI uri, String body, XpmAccess access, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + access.accessToken())
                .header("Xero-Tenant-Id", access.tenantId())
                .header("Accept", "text/xml")
                // a whole practice read is tens of MB of XML; Xero's API compresses it when asked
                .header("Accept-Encoding", "gzip");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "text/xml; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** What XPM says the practice has left under a limit (its {@code X-...Limit-Remaining} headers), for the metrics. */
    private static void remaining(String tenantId, HttpResponse<?> response, String header, String limit) {
        response.headers().firstValue(header).ifPresent(value -> {
            try {
                ApiCalls.remaining(XpmAllowance.API, tenantId, limit, Long.parseLong(value.strip()));
            } catch (NumberFormatException ignored) {
                // not a count: nothing to report
            }
        });
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(1);
            }
        }).orElse(Duration.ofSeconds(1));
    }

    /** Requests say {@code <WebSite>}; answers say {@code <Website>}. */
    private static XpmClient forRequest(XpmClient c) {
        return new XpmClient(c.uuid(), c.name(), c.firstName(), c.lastName(), c.email(), c.address(), c.city(),
                c.region(), c.postCode(), c.country(), c.postalAddress(), c.postalCity(), c.postalRegion(),
                c.postalPostCode(), c.postalCountry(), c.phone(), c.fax(), null, c.websiteAnySpelling(),
                c.businessStructure(), null, null, c.contactList(), null, null);
    }

    private static XpmClient withUuid(XpmClient c, String uuid) {
        return new XpmClient(uuid, c.name(), c.firstName(), c.lastName(), c.email(), c.address(), c.city(), c.region(),
                c.postCode(), c.country(), c.postalAddress(), c.postalCity(), c.postalRegion(), c.postalPostCode(),
                c.postalCountry(), c.phone(), c.fax(), c.website(), c.webSiteInRequests(), c.businessStructure(),
                c.isArchived(), c.isDeleted(), c.isProspect(), c.contactList(), null, null);
    }

    private static XpmClient uuidOnly(String uuid) {
        return new XpmClient(uuid, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
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

    /**
     * Abandons an answer that stops arriving: when nothing has been read for {@code idle} (time spent handing clients
     * over does not count), the answer is closed and the reading thread interrupted, which fails the read; {@link #stop()} ends the watch
     * and clears an interrupt of its own, so it never reaches the caller.
     */
    private static final class StallWatch {

        private final CountingInputStream in;
        private final long idleNanos;
        private final Thread reader = Thread.currentThread();
        private final ScheduledFuture<?> task;
        private boolean active = true;
        private boolean handingOver;
        private boolean stalled;

        StallWatch(CountingInputStream in, Duration idle) {
            this.in = in;
            this.idleNanos = idle.toNanos();
            this.task = WATCHDOG.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        }

        private synchronized void check() {
            if (active && !handingOver && !stalled && System.nanoTime() - in.lastRead > idleNanos) {
                stalled = true;
                // the JDK's response stream goes on waiting when only interrupted; closed first, it gives up
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted
                }
                reader.interrupt();
            }
        }

        <T> Consumer<T> around(Consumer<T> each) {
            return value -> {
                synchronized (this) {
                    handingOver = true;
                }
                try {
                    each.accept(value);
                } finally {
                    synchronized (this) {
                        handingOver = false;
                        in.lastRead = System.nanoTime();
                    }
                }
            };
        }

        synchronized boolean stalled() {
            return stalled;
        }

        void stop() {
            task.cancel(false);
            synchronized (this) {
                if (active && stalled) {
                    Thread.interrupted(); // the watch's own interrupt, not the caller's
                }
                active = false;
            }
        }
    }

    /** Counts the bytes read through it, and notes when it last gave any. */
    private static final class CountingInputStream extends FilterInputStream {

        private final AtomicLong counter;
        private volatile long lastRead = System.nanoTime();

        CountingInputStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
                lastRead = System.nanoTime();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.addAndGet(n);
                lastRead = System.nanoTime();
            }
            return n;
        }
    }
}
