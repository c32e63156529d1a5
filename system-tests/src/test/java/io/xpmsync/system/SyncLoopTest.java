package io.xpmsync.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientConfig;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.LocalSystem;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The full loop with every service running as its own process on real Kafka and PostgreSQL: a change made in XPM
 * reaches Karbon and its Karbon event causes no XPM write; a change made in Karbon reaches XPM and the next XPM poll
 * causes no Karbon write.
 */
class SyncLoopTest {

    private static final EventCodec CODEC = new EventCodec();
    private static LocalSystem system;
    private static Map<String, Integer> ports;

    @BeforeAll
    static void start() throws Exception {
        ports = new LinkedHashMap<>();
        LocalSystem.SERVICES.keySet().forEach(name -> ports.put(name, Ports.free()));
        Path root = Path.of(System.getProperty("xpmsync.root", "..")).toAbsolutePath();
        system = LocalSystem.start(new LocalSystem.Settings(root, Files.createTempDirectory("xpmsync-loop-"), true,
                Ports.free(), Ports.free(), Ports.free(), ports,
                Map.of("CONNECTOR_POLL_MIN_INTERVAL", "2s", "CONNECTOR_POLL_LOOK_BACK", "5s")));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void changesTravelEachWayOnceAndDieOut() {
        String firm = "firm-loop-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath credentials = at("karbon-sandbox").contentType(ContentType.JSON)
                .body(Map.of("firmId", firm, "name", "Loop Accounting", "country", "NZ", "contactTypes", List.of("Client")))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
        at("matching-service").contentType(ContentType.JSON).body(Map.of("baseUrl", url("karbon-sandbox"),
                        "applicationId", credentials.getString("applicationId"), "accessKey", credentials.getString("accessKey")))
                .put("/firms/" + firm + "/karbon-connection").then().statusCode(202);
        KarbonClient karbon = new KarbonClient(KarbonClientConfig.of(URI.create(url("karbon-sandbox")),
                credentials.getString("applicationId"), credentials.getString("accessKey")));
        String tenant = connect(firm);
        at("connector-service").contentType(ContentType.JSON).body(Map.of("scope", "CLIENTS_ONLY", "newContactType",
                "Client", "pushedContactTypes", List.of("Client"))).put("/firms/" + firm + "/sync-settings")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(at("matching-service")
                .get("/firms/" + firm + "/karbon-connection").jsonPath().getString("bootstrapState")));
        await().atMost(Duration.ofSeconds(30)).until(() -> at("push-service").get("/firms/" + firm + "/push-status")
                .jsonPath().getList("pushedContactTypes").equals(List.of("Client")));

        // A client made in XPM reaches Karbon ...
        String uuid = at("xpm-sandbox").contentType("text/xml").body("<Client><Name>Loop Ltd</Name>"
                        + "<Email>office@loop.example</Email><Phone>09 555 0100</Phone>"
                        + "<BusinessStructure>Company</BusinessStructure></Client>")
                .post("/admin/practices/" + tenant + "/clients").then().statusCode(201).extract().xmlPath()
                .getString("Response.Client.UUID");
        String run = at("connector-service").post("/firms/" + firm + "/sync-runs").then().statusCode(202).extract()
                .path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(at("connector-service")
                .get("/firms/" + firm + "/sync-runs/" + run).jsonPath().getString("phase")));
        OrganizationDto org = await().atMost(Duration.ofSeconds(60)).until(() -> karbon.listOrganizations(
                "FullName eq 'Loop Ltd'"), l -> l.size() == 1).stream().findFirst()
                .map(o -> karbon.getOrganization(o.organizationKey())).orElseThrow();
        assertThat(org.contactType()).isEqualTo("Client");
        assertThat(org.businessCards().get(0).emailAddresses()).containsExactly("office@loop.example");

        // ... and its Karbon event causes no XPM write.
        KafkaTestClient kafka = new KafkaTestClient(system.kafkaBootstrapServers());
        ContactPushed echo = CODEC.decode(kafka.awaitRecord(Topics.PUSHES_COMPLETED, r -> firm.equals(r.key())
                && r.value().contains(org.organizationKey()), Duration.ofSeconds(90)).value(), ContactPushed.class);
        assertThat(echo.outcome()).as(echo.reason()).isEqualTo(PushOutcome.UNCHANGED);
        assertThat(writes(tenant)).isEmpty();
        assertThat(clients(tenant)).hasSize(1);

        // A change made in Karbon reaches XPM ...
        BusinessCardDto card = org.businessCards().get(0);
        karbon.updateOrganization(org.organizationKey(), new OrganizationRequest("Loop Holdings Ltd", "Client", null,
                null, List.of(new BusinessCardDto(card.businessCardKey(), null, null, true, null, null,
                card.emailAddresses(), card.phoneNumbers(), card.addresses(), null))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Loop Holdings Ltd".equals(clients(tenant).get(0).name()));
        assertThat(writes(tenant)).hasSize(1);
        String modified = karbon.getOrganization(org.organizationKey()).lastModifiedDateTime();

        // ... and the next XPM poll causes no Karbon write.
        Instant pushed = Instant.now();
        // The poll interval fits the firm's day budget (longer early in the UTC day): make the next poll due now.
        await().atMost(Duration.ofSeconds(60)).until(() -> pollDueNow(firm) && at("connector-service").get("/firms/" + firm
                        + "/sync-runs?limit=5").jsonPath().<Map<String, Object>>getList("$").stream()
                .anyMatch(r -> "SCHEDULED".equals(r.get("trigger")) && "COMPLETED".equals(r.get("phase"))
                        && Instant.parse((String) r.get("startedAt")).isAfter(pushed)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                modified.equals(karbon.getOrganization(org.organizationKey()).lastModifiedDateTime()));
        assertThat(karbon.listOrganizations(null)).hasSize(1);
        assertThat(writes(tenant)).hasSize(1);
        assertThat(at("mapping-service").get("/firms/" + firm + "/mappings").jsonPath().getInt("total")).isEqualTo(1);
        assertThat(uuid).isEqualTo(clients(tenant).get(0).uuid());
    }

    /** Connect through connector-service's real flow and the sandbox's sign-in page; answers the tenant id. */
    private static String connect(String firm) {
        String email = "owner-" + UUID.randomUUID() + "@practice.example";
        String tenant = at("xpm-sandbox").contentType(ContentType.JSON)
                .body(Map.of("name", "Loop Practice", "ownerEmail", email, "ownerPassword", "pw"))
                .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
        String authorize = at("connector-service").contentType(ContentType.JSON).body(Map.of("country", "NZ"))
                .post("/firms/" + firm + "/xpm-connection").then().statusCode(200).extract().path("authorizeUrl");
        Map<String, String> query = new HashMap<>();
        for (String pair : URI.create(authorize).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String callback = at("xpm-sandbox").redirects().follow(false).formParams(Map.of("client_id",
                        query.get("client_id"), "redirect_uri", query.get("redirect_uri"), "scope", query.get("scope"),
                        "state", query.get("state"), "email", email, "password", "pw", "decision", "allow"))
                .post("/identity/connect/authorize").then().statusCode(303).extract().header("Location");
        RestAssured.given().urlEncodingEnabled(false).redirects().follow(false).get(callback).then().statusCode(200);
        return tenant;
    }

    private static boolean pollDueNow(String firm) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(system.jdbcUrl(), io.xpmsync.infra.LocalPostgres.USER,
                io.xpmsync.infra.LocalPostgres.PASSWORD);
             var s = c.prepareStatement("UPDATE connector.xpm_connection SET next_poll_at = now() WHERE firm_id = ?"
                     + " AND claimed_by IS NULL")) {
            s.setString(1, firm);
            s.executeUpdate();
        }
        return true;
    }

    private static List<XpmClient> clients(String tenant) {
        return new XpmXml().read(at("xpm-sandbox").get("/admin/practices/" + tenant + "/clients").asString(),
                XpmResponse.class).clients();
    }

    private static List<Map<String, Object>> writes(String tenant) {
        return at("xpm-sandbox").get("/admin/practices/" + tenant + "/calls").jsonPath().<Map<String, Object>>getList("$")
                .stream().filter(c -> !"GET".equals(c.get("method"))).toList();
    }

    private static RequestSpecification at(String service) {
        return RestAssured.given().baseUri(url(service));
    }

    private static String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }
}
