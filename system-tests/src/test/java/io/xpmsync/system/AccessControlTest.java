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

import static io.xpmsync.system.RunningSystem.managementUrl;
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
            JsonNode paths = JSON.readTree(RestAssured.get(managementUrl(service) + "/q/openapi?format=json")
                            .asString())
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
    void theKarbonProxyStaysBelowTheFirmsV3() {
        String mapping = People.service("mapping-service");
        String proxy = "/internal/karbon/" + victim.id + "/";
        // each would reach the sandbox's admin API (the firm's access key in its answer) if decoded and joined again
        for (String outside : List.of("v3/..%2F..%2Fadmin%2Ffirms%2F" + victim.id, "v3/..%252F..%252Fadmin",
                "v3/..%5C..%5Cadmin", "v3/Contacts%2F..%2F..%2F..%2Fadmin", "v3/Contacts/a%20b")) {
            Response answer = call("GET", "matching-service", proxy + outside, mapping);
            assertThat(answer.statusCode()).as(outside).isEqualTo(400);
            assertThat(answer.contentType()).as(outside).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("field")).as(outside).isEqualTo("path");
        }
        assertThat(call("GET", "matching-service", proxy + "v3/Contacts", mapping).statusCode()).isEqualTo(200);
    }

    @Test
    void eachInternalApiTakesItsOneCallerOnly() {
        String push = People.service("push-service");
        String mapping = People.service("mapping-service");
        String tokens = "/internal/firms/" + victim.id + "/xpm-access";
        String proxy = "/internal/karbon/" + victim.id + "/v3/Contacts";
        Response refused = call("GET", "connector-service", tokens, mapping);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("detail")).isEqualTo("Only push-service may call connector-service's"
                + " XPM access tokens, not 'mapping-service'");
        assertThat(call("POST", "connector-service", tokens + "/rejected", mapping).statusCode()).isEqualTo(403);
        Response proxied = call("GET", "matching-service", proxy, push);
        assertThat(proxied.statusCode()).isEqualTo(403);
        assertThat(proxied.jsonPath().getString("detail")).isEqualTo("Only mapping-service may call"
                + " matching-service's Karbon proxy, not 'push-service'");
        // the named callers are let through
        assertThat(call("GET", "connector-service", tokens, push).statusCode()).isEqualTo(200);
        assertThat(call("GET", "matching-service", proxy, mapping).statusCode()).isEqualTo(200);
    }

    @Test
    void optionsIsAskedWhoIsCallingLikeEveryMethod() {
        String[][] paths = {{"connector-service", "/firms/" + victim.id + "/sync-settings"},
                {"connector-service", "/internal/firms/" + victim.id + "/xpm-access"},
                {"matching-service", "/firms/" + victim.id + "/karbon-connection"},
                {"matching-service", "/internal/karbon/" + victim.id + "/v3/Contacts"},
                {"mapping-service", "/firms/" + victim.id + "/mappings"},
                {"mapping-service", "/admin/dead-letters"},
                {"push-service", "/firms/" + victim.id + "/push-status"}};
        String ofOther = People.adminOf(other.id);
        for (String[] at : paths) {
            assertThat(call("OPTIONS", at[0], at[1], null).statusCode()).as(at[0] + " OPTIONS " + at[1])
                    .isEqualTo(401);
            assertThat(call("OPTIONS", at[0], at[1], ofOther).statusCode()).as(at[0] + " OPTIONS " + at[1]
                    + " as another firm's administrator").isEqualTo(403);
        }
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

    @Test
    void theConsoleTakesOnlyAccessTokensMeantForXpmSync() throws Exception {
        String console = url("console");
        String reader = "reader-" + victim.id;
        JsonNode signedIn = realmToken("xpm-sync-cli", reader, People.PASSWORD);
        // the person's ID token, and an access token of another client of the realm (Keycloak's admin-cli), not for us
        String idToken = signedIn.path("id_token").asText();
        String otherClients = realmToken("admin-cli", reader, People.PASSWORD).path("access_token").asText();
        assertThat(audience(idToken)).doesNotContain("\"xpm-sync\"");
        assertThat(audience(otherClients)).doesNotContain("\"xpm-sync\"");
        for (String notForUs : List.of(idToken, otherClients)) {
            RestAssured.given().auth().oauth2(notForUs).get(console + "/api/firms/" + victim.id + "/activity").then()
                    .statusCode(401);
            RestAssured.given().auth().oauth2(notForUs).get(console + "/api/console").then().statusCode(401);
        }
        RestAssured.given().auth().oauth2(signedIn.path("access_token").asText())
                .get(console + "/api/firms/" + victim.id + "/activity").then().statusCode(200);
    }

    @Test
    void everyConsoleAnswerTellsTheBrowserHowToTreatIt() {
        String console = url("console");
        String person = People.adminOf(victim.id);
        List<Response> answers = List.of(
                RestAssured.given().auth().oauth2(person).get(console + "/"),
                RestAssured.get(console + "/console.js"),
                RestAssured.given().auth().oauth2(person).get(console + "/api/console"),
                RestAssured.given().auth().oauth2(person).get(console + "/api/connector/firms/" + victim.id
                        + "/sync-settings"),
                RestAssured.given().auth().oauth2("not-a-token").get(console + "/api/console"),
                RestAssured.given().redirects().follow(false).get(console + "/"));
        assertThat(answers).extracting(Response::statusCode).containsExactly(200, 200, 200, 200, 401, 302);
        for (Response answer : answers) {
            assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(answers.subList(2, 5)).extracting(a -> a.header("Cache-Control")).containsOnly("no-store");
        // no Swagger UI outside development
        RestAssured.get(console + "/q/swagger-ui/").then().statusCode(404);
    }

    @Test
    void theRealmSendsSignInCodesToTheConsolesOwnAddressOnly() {
        String console = url("console");
        String auth = io.xpmsync.infra.LocalKeycloak.issuer(People.keycloak()) + "/protocol/openid-connect/auth";
        java.util.function.Function<String, Integer> signInTo = redirect -> RestAssured.given().redirects()
                .follow(false).queryParam("client_id", "xpm-sync-console").queryParam("response_type", "code")
                .queryParam("scope", "openid").queryParam("redirect_uri", redirect)
                .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .queryParam("code_challenge_method", "S256").get(auth).statusCode();
        assertThat(signInTo.apply(console + "/signed-in")).as("the console's own address").isEqualTo(200);
        for (String elsewhere : List.of("http://127.0.0.1.evil.example/cb", console + "/cb",
                console + "/signed-in/../evil", "http://127.0.0.1:1/signed-in")) {
            assertThat(signInTo.apply(elsewhere)).as(elsewhere).isEqualTo(400);
        }
    }

    @Test
    void aFirmsAdministratorSignedInThroughTheConsoleMayChangeItsReaderMayNot() throws Exception {
        People.adminOf(victim.id);
        JsonNode admin = JSON.readTree(signedInThroughTheConsole("admin-" + victim.id, "/api/console"));
        assertThat(admin.path("firms").get(0).asText()).isEqualTo(victim.id);
        assertThat(admin.path("mayChange").asBoolean()).isTrue();
        JsonNode reader = JSON.readTree(signedInThroughTheConsole("reader-" + victim.id, "/api/console"));
        assertThat(reader.path("mayChange").asBoolean()).isFalse();
    }

    /** A token of the realm for {@code username} (password grant of {@code client}, with an ID token). */
    private static JsonNode realmToken(String client, String username, String password) throws Exception {
        String form = "grant_type=password&scope=openid&client_id=" + client + "&username=" + username + "&password="
                + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
        return JSON.readTree(RestAssured.given().contentType("application/x-www-form-urlencoded").body(form)
                .post(io.xpmsync.infra.LocalKeycloak.issuer(People.keycloak()) + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().asString());
    }

    /** The token's {@code aud} claim as JSON (a string or an array), so that an exact audience is looked for quoted. */
    private static String audience(String jwt) throws Exception {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path("aud").toString();
    }

    /**
     * Signs {@code username} in as a browser does (the console sends it to Keycloak's page, the form is sent, Keycloak
     * sends it back to the console's redirect URI, the console to the page asked for), then answers {@code path}.
     * Cookies are kept by name for both hosts (both are 127.0.0.1).
     */
    private static String signedInThroughTheConsole(String username, String path) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        java.net.URI next = java.net.URI.create(url("console") + "/?firm=" + victim.id);
        java.net.http.HttpResponse<String> answer = browse(http, cookies, java.net.http.HttpRequest.newBuilder(next));
        boolean formSent = false;
        for (int hop = 0; hop < 10; hop++) {
            if (answer.statusCode() / 100 == 3) {
                next = next.resolve(answer.headers().firstValue("Location").orElseThrow());
                answer = browse(http, cookies, java.net.http.HttpRequest.newBuilder(next));
                continue;
            }
            java.util.regex.Matcher form = java.util.regex.Pattern.compile("id=\"kc-form-login\"[^>]*?action=\"([^\"]+)\"")
                    .matcher(answer.body());
            if (answer.statusCode() != 200 || formSent || !form.find()) {
                break;
            }
            formSent = true;
            next = next.resolve(form.group(1).replace("&amp;", "&"));
            answer = browse(http, cookies, java.net.http.HttpRequest.newBuilder(next)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                            + People.PASSWORD + "&credentialId=")));
        }
        assertThat(formSent).as("Keycloak's sign-in page was shown").isTrue();
        assertThat(next.getPath()).as("back on the page asked for").isEqualTo("/");
        assertThat(answer.statusCode()).isEqualTo(200);
        java.net.http.HttpResponse<String> api = browse(http, cookies, java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url("console") + path)).header("X-Requested-With", "JavaScript"));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
        return api.body();
    }

    private static java.net.http.HttpResponse<String> browse(java.net.http.HttpClient http, Map<String, String> cookies,
                                                             java.net.http.HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).toList()));
        }
        java.net.http.HttpResponse<String> answer = http.send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        for (String set : answer.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('=')).trim();
            String value = pair.substring(pair.indexOf('=') + 1).trim();
            if (value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return answer;
    }

    @Test
    void everyServiceAndTheConsoleRefuseABodyOverTheLimitInWordsBeforeReadingIt() {
        String token = People.adminOf(victim.id);
        String body = "{\"scope\": \"" + "x".repeat(300 * 1024) + "\"}";
        for (String service : SERVICES) {
            RestAssured.given().baseUri(url(service)).auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .put("/firms/" + victim.id + "/sync-settings").then().statusCode(413)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("at most 262144 bytes"));
        }
        RestAssured.given().auth().oauth2(token).header("X-Requested-By", "xpm-sync-console")
                .contentType(ContentType.JSON).body(body)
                .put(url("console") + "/api/connector/firms/" + victim.id + "/sync-settings").then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aFieldARequestDoesNotTakeIsRefusedNamedAndNothingIsSaved() {
        Map<String, String> before = snapshot();
        String token = People.adminOf(victim.id);
        String unknown = "u".repeat(10_000);
        Object[][] requests = {
                {"connector-service", "PUT", "/sync-settings", Map.of("scope", "CLIENTS_ONLY", "newContactType",
                        "Client", unknown, "x".repeat(60_000))},
                {"matching-service", "PUT", "/karbon-connection", Map.of("baseUrl", url("karbon-sandbox"),
                        "applicationId", "a", "accessKey", "k", unknown, "x")},
                {"mapping-service", "POST", "/partial-matches/" + java.util.UUID.randomUUID() + "/confirm",
                        Map.of("karbonKey", "k", unknown, "x")},
                {"push-service", "POST", "/dead-letters/replay", Map.of("topic", "t", "partition", 0, "offset", 0,
                        unknown, "x")}};
        for (Object[] r : requests) {
            RestAssured.given().baseUri(url((String) r[0])).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(r[3]).request((String) r[1], "/firms/" + victim.id + r[2]).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", org.hamcrest.Matchers.equalTo("u".repeat(100) + "…"))
                    .body("detail.length()", org.hamcrest.Matchers.lessThanOrEqualTo(1001));
        }
        assertThat(snapshot()).as("the firm's data after the refused requests").isEqualTo(before);
    }

    @Test
    void deepJsonLongValuesAndLongCredentialsAreRefusedInWordsAndNotEchoed() {
        String token = People.adminOf(victim.id);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        RestAssured.given().baseUri(url("connector-service")).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"scope\": " + deep + ", \"newContactType\": \"Client\"}")
                .put("/firms/" + victim.id + "/sync-settings").then().statusCode(400)
                .contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("scope"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
        RestAssured.given().baseUri(url("connector-service")).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("scope", "s".repeat(60_000), "newContactType", "Client"))
                .put("/firms/" + victim.id + "/sync-settings").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.endsWith("'" + "s".repeat(100) + "…'"));
        String applicationId = RestAssured.given().baseUri(url("matching-service")).auth().oauth2(token)
                .get("/firms/" + victim.id + "/karbon-connection").then().extract().path("applicationId");
        RestAssured.given().baseUri(url("matching-service")).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("baseUrl", url("karbon-sandbox"), "applicationId", "a".repeat(10_000), "accessKey", "k"))
                .put("/firms/" + victim.id + "/karbon-connection").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.equalTo("applicationId must be at most 200 printable characters"));
        RestAssured.given().baseUri(url("matching-service")).auth().oauth2(token)
                .get("/firms/" + victim.id + "/karbon-connection").then()
                .body("applicationId", org.hamcrest.Matchers.equalTo(applicationId));
    }

    @Test
    void aKarbonConnectionMayNameOnlyTheAllowedOriginNotAnotherPortOfItsHost() {
        String token = People.adminOf(victim.id);
        java.net.URI sandbox = java.net.URI.create(url("karbon-sandbox"));
        for (String elsewhere : List.of("http://127.0.0.1:" + (sandbox.getPort() + 1),
                "http://localhost:" + sandbox.getPort(), "https://127.0.0.1:" + sandbox.getPort(),
                url("console"))) {
            RestAssured.given().baseUri(url("matching-service")).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("baseUrl", elsewhere, "applicationId", "a", "accessKey", "k"))
                    .put("/firms/" + victim.id + "/karbon-connection").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("must be Karbon's API"));
        }
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
            allowed = People.service(People.callerOf(template));
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
