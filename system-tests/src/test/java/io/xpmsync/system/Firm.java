package io.xpmsync.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.xpmsync.system.RunningSystem.at;
import static io.xpmsync.system.RunningSystem.url;
import static org.awaitility.Awaitility.await;

/**
 * One accounting firm set up on the running system as a firm would be: a Karbon firm (Contact Types Client, Prospect,
 * Supplier) whose credentials matching-service holds, an XPM practice in xpm-sandbox, and, once {@link #connect}ed,
 * the XPM connection made through the real authorize page.
 */
final class Firm {

    static final List<String> CONTACT_TYPES = List.of("Client", "Prospect", "Supplier");
    private static final XpmXml XML = new XpmXml();

    final String id;
    final String tenant;
    final String ownerEmail;
    final KarbonClient karbon;
    private List<String> pushedContactTypes = List.of();
    private Map<String, Object> settings = Map.of();
    private boolean connected;
    private final JsonPath karbonCredentials;

    private Firm(String id, String tenant, String ownerEmail, KarbonClient karbon, JsonPath karbonCredentials) {
        this.karbonCredentials = karbonCredentials;
        this.id = id;
        this.tenant = tenant;
        this.ownerEmail = ownerEmail;
        this.karbon = karbon;
    }

    /** A new firm with an empty Karbon firm and an empty XPM practice; not connected to XPM yet. */
    static Firm create(String name) {
        return unknown(name).registerKarbon();
    }

    /**
     * A new firm whose Karbon xpm-sync does not know yet (no connection registered, so no webhook subscription): what
     * it holds before {@link #registerKarbon()} is the firm's history, which only the snapshot can tell of.
     */
    static Firm unknown(String name) {
        String id = "firm-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath credentials = at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of("firmId", id, "name",
                name, "country", "NZ", "contactTypes", CONTACT_TYPES)).post("/admin/firms").then().statusCode(201)
                .extract().jsonPath();
        String email = "owner-" + id + "@practice.example";
        String tenant = at("xpm-sandbox").contentType(ContentType.JSON).body(Map.of("name", name + " Practice",
                "ownerEmail", email, "ownerPassword", "pw")).post("/admin/practices").then().statusCode(201)
                .extract().path("tenantId");
        KarbonClient karbon = new KarbonClient(KarbonClientConfig.of(URI.create(url("karbon-sandbox")),
                credentials.getString("applicationId"), credentials.getString("accessKey")));
        return new Firm(id, tenant, email, karbon, credentials);
    }

    /** Registers the firm's Karbon with matching-service (again, after it forgot the firm). */
    Firm registerKarbon() {
        registerKarbon(id, karbonCredentials.getString("applicationId"), karbonCredentials.getString("accessKey"));
        return this;
    }

    private static void registerKarbon(String id, String applicationId, String accessKey) {
        at("matching-service").contentType(ContentType.JSON).body(Map.of("baseUrl", url("karbon-sandbox"),
                        "applicationId", applicationId, "accessKey", accessKey))
                .put("/firms/" + id + "/karbon-connection").then().statusCode(202);
        if (RunningSystem.webhooks()) {
            // Karbon notifies only changes made after the subscription: the firm's Karbon is used once it is in place
            await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(at("matching-service")
                    .get("/firms/" + id + "/karbon-connection").jsonPath().getString("webhook.state")));
        }
    }

    /** Seeds both sides with the sample practice of {@code seed} (overlapping by construction). */
    Firm generate(long seed, int clients) {
        at("karbon-sandbox").contentType(ContentType.JSON).body(Map.of("seed", seed, "clients", clients))
                .post("/admin/firms/" + id + "/generate").then().statusCode(201);
        at("xpm-sandbox").contentType(ContentType.JSON).body(Map.of("seed", seed, "clients", clients))
                .post("/admin/practices/" + tenant + "/generate").then().statusCode(200);
        return this;
    }

    /** Connect, in New Zealand, through connector-service's flow and the sandbox's sign-in page. */
    Firm connect() {
        var started = connectStart("NZ").then().statusCode(200).extract();
        String authorize = started.path("authorizeUrl");
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(authorize).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String callback = at("xpm-sandbox").redirects().follow(false).formParams(Map.of("client_id",
                        query.get("client_id"), "redirect_uri", query.get("redirect_uri"), "scope", query.get("scope"),
                        "state", query.get("state"), "code_challenge", query.get("code_challenge"),
                        "code_challenge_method", query.get("code_challenge_method"), "email", ownerEmail, "password",
                        "pw", "decision", "allow"))
                .post("/identity/connect/authorize").then().statusCode(303).extract().header("Location");
        // the browser that started Connect brings its Connect cookie back
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false)
                .cookie("xpmsync_connect", started.cookie("xpmsync_connect")).get(callback).then().statusCode(200);
        // the Karbon index read for the connection: a read finished before matching-service heard of it does not count
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath karbon = at("matching-service").get("/firms/" + id + "/karbon-connection").jsonPath();
            return karbon.getBoolean("xpmConnected") && "DONE".equals(karbon.getString("bootstrapState"));
        });
        connected = true;
        awaitSettingsApplied();
        return this;
    }

    /** Disconnect, asking xpm-sync to forget the firm's data. */
    Firm disconnectAndForget() {
        at("connector-service").delete("/firms/" + id + "/xpm-connection?forget=true").then().statusCode(204);
        connected = false;
        return this;
    }

    io.restassured.response.Response connectStart(String country) {
        return at("connector-service").contentType(ContentType.JSON).body(Map.of("country", country))
                .post("/firms/" + id + "/xpm-connection");
    }

    /**
     * Contact Sync Settings, saved; once the firm is connected, waited for until push-service applies them (it shows
     * the pushed Contact Types of connected firms only).
     */
    Firm settings(String scope, String newContactType, List<String> pushedContactTypes) {
        return settings(scope, newContactType, pushedContactTypes, List.of());
    }

    /** As {@link #settings(String, String, List)}, with the firm's own business structures that become a Person. */
    Firm settings(String scope, String newContactType, List<String> pushedContactTypes, List<String> personStructures) {
        settings = Map.of("scope", scope, "newContactType", newContactType, "pushedContactTypes", pushedContactTypes,
                "personStructures", personStructures);
        at("connector-service").contentType(ContentType.JSON).body(settings)
                .put("/firms/" + id + "/sync-settings").then().statusCode(200);
        this.pushedContactTypes = pushedContactTypes;
        if (connected) {
            awaitSettingsApplied();
        }
        return this;
    }

    /** The firm's conflict policy (ASK, XPM_WINS, KARBON_WINS, MOST_RECENT), applied by mapping-service. */
    Firm conflictPolicy(String policy) {
        Map<String, Object> withPolicy = new HashMap<>(settings);
        withPolicy.put("conflictPolicy", policy);
        at("connector-service").contentType(ContentType.JSON).body(withPolicy)
                .put("/firms/" + id + "/sync-settings").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = RunningSystem.database();
                 PreparedStatement s = c.prepareStatement("SELECT conflict_policy FROM mapping.firm_settings"
                         + " WHERE firm_id = ?")) {
                s.setString(1, id);
                var rows = s.executeQuery();
                return rows.next() && policy.equals(rows.getString(1));
            }
        });
        return this;
    }

    /** Open conflicts of the firm, as the Resolve Conflicts screen lists them. */
    List<Map<String, Object>> openConflicts() {
        return at("mapping-service").get("/firms/" + id + "/conflicts?status=OPEN&size=200").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private void awaitSettingsApplied() {
        await().atMost(Duration.ofSeconds(30)).until(() -> at("push-service").get("/firms/" + id + "/push-status")
                .jsonPath().getBoolean("xpmConnected") && at("push-service").get("/firms/" + id + "/push-status")
                .jsonPath().getList("pushedContactTypes").equals(pushedContactTypes));
    }

    /** Sync Now, waited for until the run is complete and every change it published has been processed. */
    Map<String, Object> syncNow() {
        String runId = at("connector-service").post("/firms/" + id + "/sync-runs").then().statusCode(202).extract()
                .path("id");
        return awaitRun(runId, Duration.ofSeconds(120));
    }

    Map<String, Object> awaitRun(String runId, Duration atMost) {
        Map<String, Object> run = await().atMost(atMost).until(() -> at("connector-service")
                .get("/firms/" + id + "/sync-runs/" + runId).jsonPath().getMap("$"), r -> "COMPLETED".equals(r.get("phase"))
                || "FAILED".equals(r.get("phase")));
        if (!"COMPLETED".equals(run.get("phase"))) {
            throw new AssertionError("run " + runId + " failed: " + run.get("error"));
        }
        int published = (Integer) run.get("changesPublished");
        await().atMost(atMost).until(() -> outcome(runId).getInt("processed") == published);
        return run;
    }

    JsonPath outcome(String runId) {
        return at("mapping-service").get("/firms/" + id + "/sync-runs/" + runId + "/outcome").jsonPath();
    }

    /** The practice answers {@code client.api/list} as Xero's example does: no BusinessStructure, no IsProspect. */
    Firm xpmListsAsXerosExample() {
        at("xpm-sandbox").contentType(ContentType.JSON).body(Map.of("listOmitsGetFields", true))
                .put("/admin/practices/" + tenant + "/behaviour").then().statusCode(200);
        return this;
    }

    /** Converts a prospect to a client in XPM, which gives the client a new UUID; answers it. */
    String convertXpmProspect(String uuid) {
        return at("xpm-sandbox").post("/admin/practices/" + tenant + "/clients/" + uuid + "/convert").then()
                .statusCode(201).extract().xmlPath().getString("Response.Client.UUID");
    }

    /** Adds a client in XPM as a person working there would; answers its UUID. */
    String addXpmClient(String innerXml) {
        return at("xpm-sandbox").contentType("text/xml; charset=UTF-8").body("<Client>" + innerXml + "</Client>")
                .post("/admin/practices/" + tenant + "/clients").then().statusCode(201).extract().xmlPath()
                .getString("Response.Client.UUID");
    }

    void updateXpmClient(String uuid, String innerXml) {
        at("xpm-sandbox").contentType("text/xml; charset=UTF-8").body("<Client><UUID>" + uuid + "</UUID>" + innerXml + "</Client>")
                .put("/admin/practices/" + tenant + "/clients").then().statusCode(200);
    }

    String addXpmContact(String clientUuid, String innerXml) {
        return at("xpm-sandbox").contentType("text/xml; charset=UTF-8").body("<Contact><Client><UUID>" + clientUuid
                        + "</UUID></Client>" + innerXml + "</Contact>").post("/admin/practices/" + tenant + "/contacts")
                .then().statusCode(201).extract().xmlPath().getString("Response.Contact.UUID");
    }

    /** Links an existing XPM contact to another client as well. */
    void linkXpmContact(String clientUuid, String contactUuid) {
        at("xpm-sandbox").contentType("text/xml; charset=UTF-8").body("<Client><Contacts><Contact><UUID>" + contactUuid
                        + "</UUID></Contact></Contacts></Client>")
                .post("/admin/practices/" + tenant + "/clients/" + clientUuid + "/contacts").then().statusCode(204);
    }

    List<XpmClient> xpmClients() {
        return XML.read(at("xpm-sandbox").get("/admin/practices/" + tenant + "/clients").asString(), XpmResponse.class)
                .clients();
    }

    Optional<XpmClient> xpmClient(String name) {
        return xpmClients().stream().filter(c -> name.equals(c.name())).findFirst();
    }

    /** The XPM API calls that were not reads. */
    List<Map<String, Object>> xpmWrites() {
        return xpmCalls().stream().filter(c -> !"GET".equals(c.get("method"))).toList();
    }

    List<Map<String, Object>> xpmCalls() {
        return at("xpm-sandbox").get("/admin/practices/" + tenant + "/calls").jsonPath().getList("$");
    }

    /** Karbon's Organizations and People, in xpm-sync's value model. */
    List<ContactSnapshot> karbonContacts() {
        return Arrays.asList(at("karbon-sandbox").get("/admin/firms/" + id + "/contacts").then().statusCode(200)
                .extract().as(ContactSnapshot[].class));
    }

    Optional<ContactSnapshot> karbonContact(String name) {
        return karbonContacts().stream().filter(c -> name.equals(c.name())).findFirst();
    }

    /** The Karbon API calls made with the firm's credentials, whoever made them. */
    long karbonWrites() {
        JsonPath calls = at("karbon-sandbox").get("/admin/firms/" + id + "/calls").jsonPath();
        return calls.getLong("total") - Optional.ofNullable(calls.getString("byMethod.GET")).map(Long::parseLong)
                .orElse(0L);
    }

    JsonPath mappings(String query) {
        return at("mapping-service").get("/firms/" + id + "/mappings" + query).then().statusCode(200).extract()
                .jsonPath();
    }

    List<Map<String, Object>> partialMatches() {
        return at("mapping-service").get("/firms/" + id + "/partial-matches?size=200").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** Makes the next scheduled poll due now (the interval fits the firm's XPM day budget, longer early in the day). */
    void pollNow() throws java.sql.SQLException {
        try (Connection c = RunningSystem.database();
             PreparedStatement s = c.prepareStatement("UPDATE connector.xpm_connection SET next_poll_at = now()"
                     + " WHERE firm_id = ? AND claimed_by IS NULL")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }
}
