package io.xpmsync.client.karbon;

import com.sun.net.httpserver.HttpServer;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the client meets faults the real Karbon produces but a healthy sandbox rarely does on cue: a loopback server
 * answers from a script. (The happy paths run against the sandbox itself, in karbon-sandbox's tests.)
 */
class KarbonClientFaultsTest {

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> acceptEncodings = new ArrayList<>();
    private KarbonClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + exchange.getRequestHeaders().getFirst("AccessKey"));
            }
            Answer answer = script.isEmpty() ? new Answer(500, "script exhausted", Map.of()) : script.poll();
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            if ("gzip".equals(answer.headers().get("Content-Encoding")) && body.length > 0) {
                java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(zipped)) {
                    out.write(body);
                }
                body = zipped.toByteArray();
            }
            synchronized (requests) {
                acceptEncodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new KarbonClient(new KarbonClientConfig(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "app-1", "key-1", 4,
                Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(3)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body, Map<String, String> headers) {
        script.add(new Answer(status, body, headers));
    }

    private static final String SETTINGS = "{\"TenantKey\":\"T1\",\"ContactTypes\":[{\"Name\":\"Client\"}]}";

    @Test
    void answers_are_asked_for_compressed_and_unzipped() {
        answer(200, SETTINGS, Map.of("Content-Encoding", "gzip"));

        assertThat(client.tenantSettings().tenantKey()).isEqualTo("T1");

        assertThat(acceptEncodings).containsExactly("gzip");
    }

    @Test
    void an_empty_answer_that_names_gzip_is_empty() {
        answer(204, "", Map.of("Content-Encoding", "gzip", "X-Empty", "yes"));

        client.replaceBusinessCard("card-1", new BusinessCardDto(null, null, null, null, null, null, null, null, null, null));

        assertThat(requests).hasSize(1);
    }

    @Test
    void a_429_is_waited_out_for_its_retry_after() {
        answer(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}", Map.of("Retry-After", "1"));
        answer(200, SETTINGS, Map.of());

        long start = System.nanoTime();
        assertThat(client.tenantSettings().tenantKey()).isEqualTo("T1");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(requests).hasSize(2).allMatch(r -> r.endsWith("Bearer app-1 key-1"));
    }

    @Test
    void a_retry_after_longer_than_the_client_waits_fails_clearly() {
        answer(429, "{}", Map.of("Retry-After", "600"));

        assertThatThrownBy(() -> client.tenantSettings()).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("asked to wait 600 s");
    }

    @Test
    void every_call_asks_the_gate_and_a_429_is_reported_to_it_and_fails_at_once_when_the_caller_does_not_wait() {
        List<String> gate = new ArrayList<>();
        KarbonClient gated = new KarbonClient(KarbonClientConfig.of(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort()), "app-1", "key-1").withMaxRetryAfter(Duration.ZERO)
                .withGate(new KarbonCallGate() {
                    @Override
                    public void beforeCall() {
                        gate.add("call");
                    }

                    @Override
                    public void rateLimited(Duration retryAfter) {
                        gate.add("429 " + retryAfter.toSeconds());
                    }
                }));
        answer(503, "busy", Map.of());
        answer(200, SETTINGS, Map.of());
        answer(429, "{}", Map.of("Retry-After", "7"));

        assertThat(gated.tenantSettings().tenantKey()).isEqualTo("T1");
        assertThatThrownBy(gated::tenantSettings).isInstanceOfSatisfying(KarbonClientException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
        assertThat(gate).containsExactly("call", "call", "call", "429 7");
        assertThat(requests).hasSize(3);
    }

    @Test
    void a_gate_that_refuses_stops_the_call_before_it_reaches_karbon() {
        KarbonClient refused = new KarbonClient(KarbonClientConfig.of(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort()), "app-1", "key-1").withGate(() -> {
            throw new KarbonClientException(429, "BudgetExhausted", "the firm's allowance is spent", null,
                    Duration.ofSeconds(2));
        }));

        assertThatThrownBy(refused::tenantSettings).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("allowance is spent");
        assertThat(requests).isEmpty();
    }

    @Test
    void server_errors_are_retried_with_backoff_until_one_succeeds() {
        answer(503, "busy", Map.of());
        answer(500, "oops", Map.of());
        answer(200, SETTINGS, Map.of());

        assertThat(client.tenantSettings().contactTypes()).hasSize(1);
        assertThat(requests).hasSize(3);
    }

    @Test
    void server_errors_that_never_end_fail_after_the_last_attempt() {
        for (int i = 0; i < 4; i++) {
            answer(502, "bad gateway", Map.of());
        }

        assertThatThrownBy(() -> client.tenantSettings()).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("502").extracting(e -> ((KarbonClientException) e).status()).isEqualTo(502);
        assertThat(requests).hasSize(4);
    }

    @Test
    void a_refusal_fails_at_once_with_karbons_own_message() {
        answer(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"ContactType 'Alien' is not a Contact Type\"}}",
                Map.of());

        assertThatThrownBy(() -> client.getContact("K1")).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("ContactType 'Alien' is not a Contact Type")
                .extracting(e -> ((KarbonClientException) e).code()).isEqualTo("BadRequest");
        assertThat(requests).hasSize(1);
    }

    @Test
    void only_karbons_error_shape_is_passed_on_never_another_body_and_its_message_shortened() {
        answer(400, "<html>proxy error; upstream said: internal-secret-token</html>", Map.of());
        answer(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"" + "x".repeat(5000) + "\"}}", Map.of());

        assertThatThrownBy(() -> client.getContact("K1")).isInstanceOf(KarbonClientException.class)
                .hasMessageNotContaining("internal-secret-token").hasMessageContaining("400")
                .hasMessageContaining("not one of Karbon's error answers");
        assertThatThrownBy(() -> client.getContact("K2")).isInstanceOfSatisfying(KarbonClientException.class, e -> {
            assertThat(e.code()).isEqualTo("BadRequest");
            assertThat(e.getMessage()).contains("x".repeat(KarbonClient.MESSAGE_LENGTH) + "…")
                    .doesNotContain("x".repeat(KarbonClient.MESSAGE_LENGTH + 1));
        });
    }

    @Test
    void a_malformed_answer_is_a_clear_error() {
        answer(200, "{\"ContactKey\": ", Map.of());

        assertThatThrownBy(() -> client.getContact("K1")).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("not the expected JSON");
    }

    @Test
    void lists_follow_the_next_link_to_the_end() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        answer(200, "{\"@odata.count\":3,\"value\":[{\"ContactKey\":\"A\",\"FullName\":\"A\"}],"
                + "\"@odata.nextLink\":\"" + base + "/v3/Contacts?$skip=1\"}", Map.of());
        answer(200, "{\"@odata.count\":3,\"value\":[{\"ContactKey\":\"B\",\"FullName\":\"B\"}],"
                + "\"@odata.nextLink\":\"" + base + "/v3/Contacts?$skip=2\"}", Map.of());
        answer(200, "{\"@odata.count\":3,\"value\":[{\"ContactKey\":\"C\",\"FullName\":\"C\"}]}", Map.of());

        assertThat(client.listContacts(null)).extracting(c -> c.contactKey()).containsExactly("A", "B", "C");
        assertThat(requests.get(1)).startsWith("GET /v3/Contacts?$skip=1");
    }

    @Test
    void a_next_link_to_another_server_is_not_followed_with_the_firms_credentials() {
        answer(200, "{\"value\":[{\"ContactKey\":\"A\",\"FullName\":\"A\"}],"
                + "\"@odata.nextLink\":\"http://collector.example/v3/Contacts?$skip=1\"}", Map.of());

        assertThatThrownBy(() -> client.listContacts(null)).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("leads away from 127.0.0.1");
        assertThat(requests).hasSize(1);
    }

    @Test
    void changes_since_a_time_are_read_newest_first_and_paging_stops_at_the_first_older_record() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        answer(200, "{\"value\":[{\"ContactKey\":\"C\",\"LastModifiedDateTime\":\"2026-11-26T10:00:05.7188114Z\"},"
                + "{\"ContactKey\":\"B\",\"LastModifiedDateTime\":\"2026-11-26T10:00:00Z\"}],"
                + "\"@odata.nextLink\":\"" + base + "/v3/Contacts?$skip=2&$orderby=LastModifiedDateTime%20desc\"}",
                Map.of());
        answer(200, "{\"value\":[{\"ContactKey\":\"A\",\"LastModifiedDateTime\":\"2026-11-26T09:59:59Z\"},"
                + "{\"ContactKey\":\"Z\",\"LastModifiedDateTime\":\"2026-11-26T09:00:00Z\"}],"
                + "\"@odata.nextLink\":\"" + base + "/v3/Contacts?$skip=4&$orderby=LastModifiedDateTime%20desc\"}",
                Map.of());

        assertThat(client.listContactsChangedSince(java.time.Instant.parse("2026-11-26T10:00:00Z")))
                .extracting(c -> c.contactKey()).containsExactly("C", "B");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("GET /v3/Contacts?$orderby=LastModifiedDateTime%20desc");
    }

    @Test
    void every_error_body_karbon_documents_gives_its_code_and_message() {
        answer(401, "{\"error\":{\"statusCode\":\"401\",\"message\":\"JWT not present.\"}}", Map.of());
        assertThatThrownBy(() -> client.getContact("K1")).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("401 401: JWT not present.");
        answer(404, "{\"statusCode\":\"404\",\"message\":\"Resource not found\"}", Map.of());
        assertThatThrownBy(() -> client.getContact("K1")).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("404 404: Resource not found");
        answer(409, "{\"error\":{\"code\":\"4020\",\"message\":\"The resource was modified by another request.\"}}",
                Map.of());
        assertThatThrownBy(() -> client.replaceContact("K1", new io.xpmsync.client.karbon.model.ContactRequest("A",
                null, "B", null, null, null, null, null, null))).isInstanceOf(KarbonClientException.class)
                .hasMessageContaining("409 4020: The resource was modified");
    }

    @Test
    void a_204_without_a_body_is_success() {
        answer(204, "", Map.of());
        client.replaceContact("K1", new io.xpmsync.client.karbon.model.ContactRequest("A", null, "B", null, null,
                null, null, null, null));
        assertThat(requests.get(0)).startsWith("PUT /v3/Contacts/K1");
    }
}
