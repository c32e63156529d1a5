package io.xpmsync.connector;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A practice in the XPM sandbox, and the firm connected to it through connector-service's real Connect flow. */
public final class XpmPractice {

    public final String firmId;
    public final String tenantId;
    public final String ownerEmail;
    public final String password = "correct horse";

    private XpmPractice(String firmId, String tenantId, String ownerEmail) {
        this.firmId = firmId;
        this.tenantId = tenantId;
        this.ownerEmail = ownerEmail;
    }

    /** A new practice with its owner, and a new firm id, not yet connected. */
    public static XpmPractice create(String name) {
        String email = "owner-" + UUID.randomUUID() + "@practice.example";
        String tenant = sandbox().contentType(ContentType.JSON)
                .body(Map.of("name", name, "ownerEmail", email, "ownerPassword", "correct horse"))
                .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
        return new XpmPractice("firm-" + UUID.randomUUID(), tenant, email);
    }

    /** Another practice of the same owner, and a new firm id for it, not yet connected. */
    public XpmPractice another(String name) {
        String tenant = sandbox().contentType(ContentType.JSON)
                .body(Map.of("name", name, "ownerEmail", ownerEmail))
                .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
        return new XpmPractice("firm-" + UUID.randomUUID(), tenant, ownerEmail);
    }

    /**
     * Connect as an owner of several practices does: Xero's consent screen asks which practices to connect, and
     * {@code chosen} are ticked. Answers where the callback sent the browser ({@code xpm=connected} or {@code choose}).
     */
    public String connectChoosing(String country, List<String> chosen) {
        var started = RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", country,
                        "returnTo", "/console"))
                .post("/firms/" + firmId + "/xpm-connection").then().statusCode(200).extract();
        String authorize = started.path("authorizeUrl");
        String binding = started.cookie(BINDING);
        Map<String, String> query = query(URI.create(authorize).getRawQuery());
        String consentPage = sandbox().redirects().follow(false).formParams(Map.of("client_id", query.get("client_id"),
                        "redirect_uri", query.get("redirect_uri"), "scope", query.get("scope"), "state",
                        query.get("state"), "code_challenge", query.get("code_challenge"), "code_challenge_method",
                        query.get("code_challenge_method"), "email", ownerEmail, "password", password, "decision",
                        "allow"))
                .post("/identity/connect/authorize").then().statusCode(200).extract().asString();
        assertThat(consentPage).contains("name=\"tenantId\"");
        String consent = consentPage.replaceAll("(?s).*name=\"consent\" value=\"([^\"]+)\".*", "$1");
        var form = sandbox().redirects().follow(false).formParam("client_id", query.get("client_id"))
                .formParam("redirect_uri", query.get("redirect_uri")).formParam("scope", query.get("scope"))
                .formParam("state", query.get("state")).formParam("consent", consent)
                .formParam("code_challenge", query.get("code_challenge"))
                .formParam("code_challenge_method", query.get("code_challenge_method"))
                .formParam("decision", "allow");
        for (String tenant : chosen) {
            form = form.formParam("tenantId", tenant);
        }
        String callback = form.post("/identity/connect/authorize").then().statusCode(303).extract()
                .header("Location");
        return RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).cookie(BINDING, binding)
                .get(callback).then().statusCode(303).extract().header("Location");
    }

    /** Connect, as a person would: connector-service's authorize URL, the sandbox's sign-in page, the callback. */
    public XpmPractice connect(String country) {
        String callback = signIn(country);
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).cookie(BINDING, binding).get(callback)
                .then().log().ifValidationFails().statusCode(200);
        return this;
    }

    /** The Connect cookie of the last {@link #signIn}: the browser that started Connect holds it. */
    String binding;

    static final String BINDING = "xpmsync_connect";

    /** Starts Connect and signs in on the sandbox's page; answers the callback URL Xero sends the browser to. */
    String signIn(String country) {
        return signIn(country, false);
    }

    /** {@link #signIn(String)}, with or without the PKCE challenge of connector-service's authorize URL. */
    String signIn(String country, boolean dropPkce) {
        var started = RestAssured.given().contentType(ContentType.JSON).body(Map.of("country", country))
                .post("/firms/" + firmId + "/xpm-connection").then().log().ifValidationFails().statusCode(200)
                .extract();
        String authorize = started.path("authorizeUrl");
        binding = started.cookie(BINDING);
        assertThat(binding).as("Connect binds the sign-in to this browser").isNotBlank();
        URI uri = URI.create(authorize);
        Map<String, String> query = query(uri.getRawQuery());
        String page = RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(authorize).then().statusCode(200)
                .extract().asString();
        assertThat(page).contains("name=\"email\"", "name=\"password\"");
        Map<String, String> form = new HashMap<>();
        form.put("client_id", query.get("client_id"));
        form.put("redirect_uri", query.get("redirect_uri"));
        form.put("scope", query.get("scope"));
        form.put("state", query.get("state"));
        if (!dropPkce) {
            form.put("code_challenge", query.get("code_challenge"));
            form.put("code_challenge_method", query.get("code_challenge_method"));
        }
        form.put("email", ownerEmail);
        form.put("password", password);
        form.put("decision", "allow");
        String callback = sandbox().redirects().follow(false).formParams(form).post("/identity/connect/authorize")
                .then().statusCode(303).extract().header("Location");
        assertThat(callback).contains("/xpm/callback?code=");
        return callback;
    }

    public XpmPractice settings(String scope, String newContactType, List<String> pushed) {
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("scope", scope, "newContactType", newContactType, "pushedContactTypes", pushed))
                .put("/firms/" + firmId + "/sync-settings").then().statusCode(200);
        return this;
    }

    /** Adds a client in XPM (as {@code <Client>} XML); answers its UUID. */
    public String addClient(String clientXml) {
        return sandbox().contentType("text/xml").body(clientXml).post("/admin/practices/" + tenantId + "/clients")
                .then().statusCode(201).extract().xmlPath().getString("Response.Client.UUID");
    }

    public void updateClient(String clientXml) {
        sandbox().contentType("text/xml").body(clientXml).put("/admin/practices/" + tenantId + "/clients")
                .then().statusCode(200);
    }

    public void archive(String uuid) {
        sandbox().post("/admin/practices/" + tenantId + "/clients/" + uuid + "/archive").then().statusCode(204);
    }

    /** The practice answers {@code client.api/list} as Xero's example does: no BusinessStructure, no IsProspect. */
    public XpmPractice listingAsXerosExample() {
        sandbox().contentType(ContentType.JSON).body(Map.of("listOmitsGetFields", true))
                .put("/admin/practices/" + tenantId + "/behaviour").then().statusCode(200);
        return this;
    }

    /** Converts a prospect to a client in XPM; answers the client's (new) UUID. */
    public String convertProspect(String uuid) {
        return sandbox().post("/admin/practices/" + tenantId + "/clients/" + uuid + "/convert").then().statusCode(201)
                .extract().xmlPath().getString("Response.Client.UUID");
    }

    public Map<String, Object> generate(long seed, int clients, int contactsPerOrganisation) {
        return sandbox().contentType(ContentType.JSON)
                .body(Map.of("seed", seed, "clients", clients, "contactsPerOrganisation", contactsPerOrganisation))
                .post("/admin/practices/" + tenantId + "/generate").then().statusCode(200).extract().jsonPath()
                .getMap("$");
    }

    public void fault(String kind, int count, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("kind", kind);
        body.put("count", count);
        sandbox().contentType(ContentType.JSON).body(body).post("/admin/practices/" + tenantId + "/faults")
                .then().statusCode(200);
    }

    public List<Map<String, Object>> calls() {
        return sandbox().get("/admin/practices/" + tenantId + "/calls").jsonPath().getList("$");
    }

    public void limits(Map<String, Object> limits) {
        sandbox().contentType(ContentType.JSON).body(limits).put("/admin/practices/" + tenantId + "/limits")
                .then().statusCode(200);
    }

    public void expireTokens() {
        sandbox().post("/admin/practices/" + tenantId + "/tokens/expire").then().statusCode(200);
    }

    /** The user removes the app in Xero: every grant reaching the practice is revoked. */
    public void revokeGrants() {
        sandbox().post("/admin/practices/" + tenantId + "/tokens/revoke").then().statusCode(200);
    }

    /** Sync Now, then waits for the run to finish; answers the finished run. */
    public Map<String, Object> syncNow() {
        return syncNow(Duration.ofMinutes(2));
    }

    public Map<String, Object> syncNow(Duration atMost) {
        String id = RestAssured.given().post("/firms/" + firmId + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        return awaitRun(id, atMost);
    }

    public Map<String, Object> awaitRun(String id) {
        return awaitRun(id, Duration.ofMinutes(2));
    }

    public Map<String, Object> awaitRun(String id, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> RestAssured.get("/firms/" + firmId + "/sync-runs/" + id).jsonPath().<String, Object>getMap("$"),
                        run -> "COMPLETED".equals(run.get("phase")) || "FAILED".equals(run.get("phase")));
    }

    public static RequestSpecification sandbox() {
        return RestAssured.given().baseUri(XpmSandboxResource.sandbox().baseUrl());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
