package io.xpmsync.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.xpmsync.system.RunningSystem.url;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 8, "a firm sees and changes only its own data", checked on every operation of every service as its own
 * OpenAPI document lists it: without a token 401; with a token of another firm, of the firm's read-only person (for a
 * change) or of a service 403, and nothing changed; a person's token on a service-only or an operator's endpoint 403;
 * the right token is let through. An operation whose path has no access rule fails this test, so that a new endpoint
 * cannot be added open by mistake.
 */
@ExtendWith(RunningSystem.class)
class AccessControlTest {

    private static final List<String> SERVICES = List.of("connector-service", "matching-service", "mapping-service",
            "push-service");
    /** Open on purpose, each checked by other means: Xero's redirect (its state), Karbon's notices (signature). */
    private static final Set<String> OPEN = Set.of("/xpm/callback", "/karbon/webhooks/{firmId}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Firm victim;
    private static Firm other;

    @BeforeAll
    static void firms() {
        victim = Firm.create("Guarded").connect();
        other = Firm.create("Curious");
        People.person("reader-" + victim.id, List.of(victim.id), "firm-readers");
    }

    @Test
    void everyOperationOfEveryServiceAsksWhoIsCalling() throws Exception {
        Map<String, String> before = snapshot();
        List<String> refusalsMissing = new ArrayList<>();
        List<String[]> operations = new ArrayList<>();
        for (String service : SERVICES) {
            JsonNode paths = JSON.readTree(RestAssured.get(url(service) + "/q/openapi?format=json").asString())
                    .path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                    String method = m.next();
                    if (!METHODS.contains(method)) {
                        continue;
                    }
                    operations.add(new String[]{service, method.toUpperCase(java.util.Locale.ROOT), path.getKey()});
                }
            }
        }
        assertThat(operations).as("operations checked").hasSizeGreaterThan(25);
        for (String[] operation : operations) {
            check(operation[0], operation[1], operation[2], refusalsMissing, false);
        }
        assertThat(snapshot()).as("the firm's data after the refused calls").isEqualTo(before);
        // then the right people: let through (what they asked may still be refused for other reasons, in words)
        for (String[] operation : operations) {
            check(operation[0], operation[1], operation[2], refusalsMissing, true);
        }
        assertThat(refusalsMissing).as("operations that did not refuse or let through as their rule says").isEmpty();
    }

    @Test
    void theConsoleShowsAndStreamsOnlyTheSignedInPersonsFirms() {
        String console = url("console");
        String ofOther = People.adminOf(other.id);
        RestAssured.given().auth().oauth2(ofOther).get(console + "/api/firms/" + victim.id + "/activity").then()
                .statusCode(403);
        RestAssured.given().auth().oauth2(ofOther).header("Accept", "text/event-stream")
                .get(console + "/api/firms/" + victim.id + "/activity/stream").then().statusCode(403);
        RestAssured.given().auth().oauth2(ofOther).get(console + "/api/connector/firms/" + victim.id
                + "/sync-settings").then().statusCode(403);
        RestAssured.given().auth().oauth2(ofOther).get(console + "/api/console").then().statusCode(200)
                .body("firms", org.hamcrest.Matchers.contains(other.id));
        // nobody signed in: the page's requests are told so, a person's browser is sent to the sign-in page
        RestAssured.given().header("X-Requested-With", "JavaScript").get(console + "/api/console").then()
                .statusCode(499);
        RestAssured.given().redirects().follow(false).get(console + "/").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.startsWith(RunningSystem.system().keycloakUrl()));
    }

    private void check(String service, String method, String template, List<String> wrong, boolean asAllowed) {
        String path = template.replace("{firmId}", victim.id).replaceAll("\\{path[^}]*}", "v3/Contacts")
                .replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000001");
        String what = service + " " + method + " " + template;
        if (OPEN.contains(template)) {
            return;
        }
        Map<String, String> refused = new LinkedHashMap<>();
        String allowed;
        if (template.startsWith("/firms/{firmId}")) {
            refused.put("another firm's administrator", People.adminOf(other.id));
            refused.put("a service", People.service());
            if (!method.equals("GET")) {
                refused.put("the firm's read-only person", People.person("reader-" + victim.id, List.of(victim.id),
                        "firm-readers"));
            }
            allowed = method.equals("GET") ? People.person("reader-" + victim.id, List.of(victim.id), "firm-readers")
                    : People.adminOf(victim.id);
        } else if (template.startsWith("/internal/")) {
            refused.put("the firm's administrator", People.adminOf(victim.id));
            refused.put("an operator", People.operator());
            allowed = People.service();
        } else if (template.startsWith("/admin/")) {
            refused.put("a firm's administrator", People.adminOf(victim.id));
            refused.put("a service", People.service());
            allowed = People.operator();
        } else {
            wrong.add(what + ": no access rule for this path");
            return;
        }
        if (asAllowed) {
            int right = call(method, service, path, allowed).statusCode();
            if (right == 401 || right == 403) {
                wrong.add(what + " with the right token: " + right);
            }
            return;
        }
        int anonymous = call(method, service, path, null).statusCode();
        if (anonymous != 401) {
            wrong.add(what + " without a token: " + anonymous);
        }
        refused.forEach((who, token) -> {
            int status = call(method, service, path, token).statusCode();
            if (status != 403) {
                wrong.add(what + " as " + who + ": " + status);
            }
        });
    }

    private static Response call(String method, String service, String path, String token) {
        RequestSpecification request = RestAssured.given().baseUri(url(service)).urlEncodingEnabled(false)
                .redirects().follow(false);
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.contentType(ContentType.JSON).body("{}");
        }
        return request.request(method, path);
    }

    /** What the firm's administrator sees of its data: settings, connections, mappings and partial matches. */
    private static Map<String, String> snapshot() {
        Map<String, String> seen = new LinkedHashMap<>();
        String token = People.adminOf(victim.id);
        for (String[] get : new String[][]{{"connector-service", "/sync-settings"},
                {"connector-service", "/xpm-connection"}, {"mapping-service", "/mappings"},
                {"mapping-service", "/partial-matches"}, {"connector-service", "/sync-runs"}}) {
            Response response = RestAssured.given().baseUri(url(get[0])).auth().oauth2(token)
                    .get("/firms/" + victim.id + get[1]);
            seen.put(get[0] + get[1], response.statusCode() + " " + stable(response.asString()));
        }
        return seen;
    }

    /** The body without times that move by themselves (polls). */
    private static String stable(String body) {
        return body.replaceAll("\"(lastPoll\\w*|nextPoll\\w*|polledAt|checkedAt|expiresAt)\"\\s*:\\s*\"[^\"]*\"", "");
    }

    // Karbon's webhook door, open to the internet: bounded, silent about which firms exist, and deaf to replays

    @Test
    void karbonsWebhookDoorRefusesAnOversizedUnsignedBodyBeforeReadingIt() throws Exception {
        java.net.URI door = java.net.URI.create(url("matching-service") + "/karbon/webhooks/" + victim.id);
        java.time.Duration wait = java.time.Duration.ofSeconds(10);

        // 9 MiB declared, only the first KiB sent: refused at once, the rest never read
        var declared = io.xpmsync.infra.testing.UnfinishedUpload.declared(door, 9L << 20, 1024, wait);
        assertThat(declared.status()).as("answer to a 9 MiB body").isEqualTo(413);
        assertThat(declared.after()).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(declared.body()).contains("16 KiB");
        // no length declared: refused once the body passes the cap, its end never sent
        var chunked = io.xpmsync.infra.testing.UnfinishedUpload.chunked(door, 64 * 1024, wait);
        assertThat(chunked.status()).as("answer to a chunked body growing past the cap").isEqualTo(413);
    }

    @Test
    void karbonsWebhookDoorAnswersAnUnknownFirmAsAKnownFirmWithABadSignature() {
        String notice = karbonNotice("kDoorProbe1", java.time.Instant.now());
        Response knownFirm = RestAssured.given().contentType(ContentType.JSON).header("Signature", "0".repeat(64))
                .body(notice).post(url("matching-service") + "/karbon/webhooks/" + victim.id);
        Response unknownFirm = RestAssured.given().contentType(ContentType.JSON).header("Signature", "0".repeat(64))
                .body(notice).post(url("matching-service") + "/karbon/webhooks/firm-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8));

        assertThat(unknownFirm.statusCode()).isEqualTo(knownFirm.statusCode())
                .isEqualTo(RunningSystem.webhooks() ? 401 : 404);
        assertThat(unknownFirm.contentType()).isEqualTo(knownFirm.contentType());
        assertThat(unknownFirm.asString()).isEqualTo(knownFirm.asString());
    }

    @Test
    void karbonsWebhookDoorAnswersAReplayedSignedNoticeWithoutQueuingWork() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(RunningSystem.webhooks(),
                "Karbon's notices are taken only with -Dxpmsync.karbon-events=webhooks");
        Firm firm = Firm.create("Replayed");
        String signingKey;
        try (var db = RunningSystem.database(); var query = db.prepareStatement("SELECT signing_key FROM"
                + " karbon_sandbox.webhook_subscription WHERE firm_id = ? AND webhook_type = 'Contact'")) {
            query.setString(1, firm.id);
            var rows = query.executeQuery();
            assertThat(rows.next()).as("the firm's Contact subscription in Karbon").isTrue();
            signingKey = rows.getString(1);
        }
        String notice = karbonNotice("kCaptured1", java.time.Instant.now());
        String signature = io.xpmsync.client.karbon.WebhookSignature.sign(
                notice.getBytes(java.nio.charset.StandardCharsets.UTF_8), signingKey);
        java.util.function.Supplier<Response> send = () -> RestAssured.given().contentType(ContentType.JSON)
                .header("Signature", signature).body(notice)
                .post(url("matching-service") + "/karbon/webhooks/" + firm.id);
        send.get().then().statusCode(200).body("taken", org.hamcrest.Matchers.equalTo(true));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> waitingKarbonNotices(firm) == 0);
        java.sql.Timestamp lastNotice = lastKarbonNotice(firm);

        // Karbon now answers the firm's every call with 429: a notice queued would stay queued, for all to see
        RunningSystem.at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of("seconds", 600))
                .post("/admin/firms/" + firm.id + "/throttle").then().statusCode(204);
        send.get().then().statusCode(200).body("taken", org.hamcrest.Matchers.equalTo(false));

        org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(2)).until(() -> true);
        assertThat(waitingKarbonNotices(firm)).as("notices queued by the replay").isZero();
        assertThat(lastKarbonNotice(firm)).as("the firm's last-notice time").isEqualTo(lastNotice);
    }

    private static String karbonNotice(String key, java.time.Instant at) {
        return "{\"ResourcePermaKey\":\"" + key + "\",\"ResourceType\":\"Contact\",\"ActionType\":\"Updated\","
                + "\"TimeStamp\":\"" + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"}";
    }

    private static int waitingKarbonNotices(Firm firm) {
        return RunningSystem.at("matching-service").get("/firms/" + firm.id + "/karbon-connection").then()
                .statusCode(200).extract().path("webhook.waitingNotices");
    }

    private static java.sql.Timestamp lastKarbonNotice(Firm firm) throws java.sql.SQLException {
        try (var db = RunningSystem.database(); var query = db.prepareStatement(
                "SELECT last_notice_at FROM matching.karbon_notice_seen WHERE firm_id = ?")) {
            query.setString(1, firm.id);
            var rows = query.executeQuery();
            return rows.next() ? rows.getTimestamp(1) : null;
        }
    }
}
