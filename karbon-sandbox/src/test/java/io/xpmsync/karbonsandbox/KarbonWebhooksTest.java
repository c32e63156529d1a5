package io.xpmsync.karbonsandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.client.karbon.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Karbon's webhooks as its API documents them: one subscription per type, notices coalesced per record, signed with
 * the SigningKey, retried, and the subscription ended after ten failed deliveries. The receiver is a small HTTP server
 * on 127.0.0.1 in this test.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class KarbonWebhooksTest {

    private static final String SIGNING_KEY = "test-signing-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String body, String signature) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private HttpServer receiver;
    private TestFirms firm;

    @BeforeEach
    void start() throws IOException {
        firm = TestFirms.create("Client");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Signature")));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String target() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private void subscribe() {
        firm.api().body(Map.of("TargetUrl", target(), "WebhookType", "Contact", "SigningKey", SIGNING_KEY))
                .post("/v3/WebhookSubscriptions").then().statusCode(201);
    }

    @Test
    void a_subscription_is_created_read_refused_twice_and_deleted() {
        firm.api().get("/v3/WebhookSubscriptions/Contact").then().statusCode(404);
        firm.api().body(Map.of("TargetUrl", target(), "WebhookType", "Contact", "SigningKey", SIGNING_KEY))
                .post("/v3/WebhookSubscriptions").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("WebhookSubscriptions("));
        assertThat(firm.api().get("/v3/WebhookSubscriptions/Contact").then().statusCode(200).extract()
                .jsonPath().getString("TargetUrl")).isEqualTo(target());
        assertThat(firm.api().body(Map.of("TargetUrl", target(), "WebhookType", "Contact"))
                .post("/v3/WebhookSubscriptions").then().statusCode(400).extract().jsonPath()
                .getString("error.message")).contains("only one");
        firm.api().body(Map.of("TargetUrl", target(), "WebhookType", "Contact", "SigningKey", "short"))
                .post("/v3/WebhookSubscriptions").then().statusCode(400);
        firm.api().body(Map.of("WebhookType", "Work")).post("/v3/WebhookSubscriptions").then().statusCode(400);
        firm.api().get("/v3/WebhookSubscriptions/Organization").then().statusCode(404);
        firm.api().delete("/v3/WebhookSubscriptions/Contact").then().statusCode(204);
        firm.api().get("/v3/WebhookSubscriptions/Contact").then().statusCode(404);
    }

    @Test
    void changes_of_one_record_within_the_window_are_one_signed_notice() throws IOException {
        subscribe();
        String key = firm.api().body(Map.of("FullName", "Harbour View Holdings", "ContactType", "Client"))
                .post("/v3/Organizations").then().statusCode(201).extract().path("OrganizationKey");
        firm.api().body(Map.of("FullName", "Harbour View Holdings Ltd")).patch("/v3/Organizations/" + key)
                .then().statusCode(200);
        firm.api().body(Map.of("FullName", "Harbour View Holdings Limited")).patch("/v3/Organizations/" + key)
                .then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(received).hasSize(1);
        Received notice = received.get(0);
        JsonNode body = JSON.readTree(notice.body());
        assertThat(body.get("ResourcePermaKey").asText()).isEqualTo(key);
        assertThat(body.get("ResourceType").asText()).isEqualTo("Contact");
        assertThat(body.get("ActionType").asText()).as("created within the window").isEqualTo("Inserted");
        assertThat(body.get("TimeStamp").asText()).endsWith("Z");
        assertThat(WebhookSignature.verify(notice.body().getBytes(StandardCharsets.UTF_8), SIGNING_KEY,
                notice.signature())).isTrue();

        firm.api().body(Map.of("FullName", "Harbour View")).patch("/v3/Organizations/" + key).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(JSON.readTree(received.get(1).body()).get("ActionType").asText()).isEqualTo("Updated");
    }

    @Test
    void a_receiver_that_fails_ten_times_ends_the_subscription() {
        subscribe();
        answer.set(500);
        firm.api().body(Map.of("FirstName", "Mia", "LastName", "Chen", "ContactType", "Client"))
                .post("/v3/Contacts").then().statusCode(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 10);
        firm.api().get("/v3/WebhookSubscriptions/Contact").then().statusCode(404);
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(received).hasSize(10);
    }

    @Test
    void a_firm_without_a_subscription_is_sent_nothing() {
        firm.api().body(Map.of("FirstName", "Mia", "LastName", "Chen", "ContactType", "Client"))
                .post("/v3/Contacts").then().statusCode(201);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertThat(received).isEmpty();
    }
}
