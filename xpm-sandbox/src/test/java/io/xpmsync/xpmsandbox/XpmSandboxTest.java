package io.xpmsync.xpmsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.xpmsync.client.xpm.XpmAccess;
import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.XpmApiConfig;
import io.xpmsync.client.xpm.XpmCallBudget;
import io.xpmsync.client.xpm.XpmContactPage;
import io.xpmsync.client.xpm.XpmTokenSource;
import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmContactList;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.client.xpm.model.XpmRef;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.specs.Specs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

/**
 * The XPM sandbox through its own front doors: the OAuth flow a browser and an app go through, the XML API through
 * our real {@link XpmApi} client, Xero's limits and headers, injected faults, and answers shaped like Xero's examples.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class XpmSandboxTest {

    static final String CLIENT_ID = "xpm-sync-local";
    static final String SECRET = "xpm-sync-local-secret";
    static final String REDIRECT = "http://127.0.0.1:9/callback";

    @TestHTTPResource("/")
    URI base;

    private final XpmXml xml = new XpmXml();
    private String tenant;
    private Map<String, Object> tokens;

    @BeforeEach
    void connect() {
        String email = "owner-" + UUID.randomUUID() + "@practice.example";
        tenant = RestAssured.given().contentType("application/json")
                .body(Map.of("name", "Test Practice", "ownerEmail", email, "ownerPassword", "pw-1"))
                .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
        tokens = exchange(authorize(email, "pw-1"));
    }

    @Test
    void authorizeShowsAnAccessibleLoginAndRefusesAWrongPassword() {
        String page = RestAssured.given().redirects().follow(false)
                .queryParams(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT,
                        "scope", "offline_access practicemanager", "state", "s1"))
                .get("/identity/connect/authorize").then().statusCode(200).extract().asString();
        assertThat(page).contains("<label for=\"email\">", "<label for=\"password\">", "Allow access");
        RestAssured.given().redirects().follow(false).formParams(form("owner@nowhere.example", "bad"))
                .post("/identity/connect/authorize").then().statusCode(401);
        RestAssured.given().redirects().follow(false)
                .queryParams(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                        "https://evil.example/cb"))
                .get("/identity/connect/authorize").then().statusCode(400);
    }

    @Test
    void aCodeRequestedWithPkceIsExchangedOnlyWithItsVerifier() throws Exception {
        String email = "pkce-" + UUID.randomUUID() + "@practice.example";
        RestAssured.given().contentType("application/json")
                .body(Map.of("name", "PKCE Practice", "ownerEmail", email, "ownerPassword", "pw-1"))
                .post("/admin/practices").then().statusCode(201);
        String verifier = "v".repeat(20) + UUID.randomUUID().toString().replace("-", "");
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
        Map<String, String> pkce = Map.of("code_challenge", challenge, "code_challenge_method", "S256");

        // the page carries the challenge on to the form it posts
        String page = RestAssured.given().redirects().follow(false)
                .queryParams(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT,
                        "scope", "offline_access practicemanager", "state", "s1"))
                .queryParams(pkce).get("/identity/connect/authorize").then().statusCode(200).extract().asString();
        assertThat(page).contains("name=\"code_challenge\" value=\"" + challenge + "\"",
                "name=\"code_challenge_method\" value=\"S256\"");
        // only S256, as Xero
        String plain = RestAssured.given().redirects().follow(false)
                .queryParams(Map.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT,
                        "state", "s1", "code_challenge", challenge, "code_challenge_method", "plain"))
                .get("/identity/connect/authorize").then().statusCode(303).extract().header("Location");
        assertThat(plain).startsWith(REDIRECT).contains("error=invalid_request", "state=s1");

        java.util.function.Supplier<String> code = () -> {
            String location = RestAssured.given().redirects().follow(false).formParams(form(email, "pw-1"))
                    .formParams(pkce).post("/identity/connect/authorize").then().statusCode(303).extract()
                    .header("Location");
            return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        };
        io.restassured.specification.RequestSpecification client = RestAssured.given().auth().preemptive()
                .basic(CLIENT_ID, SECRET);
        client.formParams(Map.of("grant_type", "authorization_code", "code", code.get(), "redirect_uri", REDIRECT))
                .post("/connect/token").then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("code_verifier is required"));
        RestAssured.given().auth().preemptive().basic(CLIENT_ID, SECRET)
                .formParams(Map.of("grant_type", "authorization_code", "code", code.get(), "redirect_uri", REDIRECT,
                        "code_verifier", verifier.replace('v', 'w')))
                .post("/connect/token").then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("does not match"));
        RestAssured.given().auth().preemptive().basic(CLIENT_ID, SECRET)
                .formParams(Map.of("grant_type", "authorization_code", "code", code.get(), "redirect_uri", REDIRECT,
                        "code_verifier", verifier))
                .post("/connect/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void connectionsListThePracticeAndRefreshTokensRotate() {
        List<Map<String, Object>> connections = RestAssured.given()
                .header("Authorization", "Bearer " + tokens.get("access_token")).get("/connections")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(connections).singleElement().satisfies(c -> {
            assertThat(c.get("tenantId")).isEqualTo(tenant);
            assertThat(c.get("tenantType")).isEqualTo("PRACTICEMANAGER");
        });

        String first = (String) tokens.get("refresh_token");
        Map<String, Object> refreshed = refresh(first).then().statusCode(200).extract().jsonPath().getMap("$");
        assertThat(refreshed.get("refresh_token")).isNotEqualTo(first);
        refresh(first).then().statusCode(400).body("error", org.hamcrest.Matchers.equalTo("invalid_grant"));
        refresh((String) refreshed.get("refresh_token")).then().statusCode(200);
    }

    @Test
    void theClientApiRoundTripsThroughOurClient() {
        XpmApi api = api(10);
        XpmContact jo = new XpmContact(null, null, "Jo Bloggs", null, null, "021 555 0101", "jo@bloggs.example", null,
                null, "Yes", "Director");
        XpmClient added = api.addClient("firm", new XpmClient(null, "Bloggs Electrical Ltd", null, null,
                "office@bloggs.example", "1 Queen Street\nLevel 2", "Auckland", null, "1010", "NZ", "PO Box 1",
                "Auckland", null, "1140", "NZ", "09 555 0100", null, null, "https://bloggs.example", "Company", null,
                null, new XpmContactList(List.of(jo)), null, null));
        assertThat(added.uuid()).isNotBlank();
        assertThat(added.website()).isEqualTo("https://bloggs.example");
        assertThat(added.contacts()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("Jo Bloggs");
            assertThat(c.isPrimary()).isEqualTo("Yes");
        });

        Instant before = Instant.now().minusSeconds(1);
        XpmClient updated = api.updateClient("firm", new XpmClient(added.uuid().toUpperCase(), null, null, null,
                "accounts@bloggs.example", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
        assertThat(updated.email()).isEqualTo("accounts@bloggs.example");
        assertThat(updated.name()).isEqualTo("Bloggs Electrical Ltd");
        assertThat(api.listClients("firm", before)).extracting(XpmClient::uuid).containsExactly(added.uuid());
        assertThat(api.listClients("firm", Instant.now().plusSeconds(60))).isEmpty();

        String joUuid = added.contacts().get(0).uuid();
        XpmContact second = api.addContact("firm", new XpmContact(null, new XpmRef(added.uuid(), null), "Sam Bloggs",
                null, null, null, "sam@bloggs.example", null, null, "No", null));
        api.updateContact("firm", second.uuid(), added.uuid(), new XpmContact(null, null, null, null, null, "027 1",
                null, null, null, "Yes", null));
        assertThat(api.getContact("firm", joUuid, added.uuid()).isPrimary()).isEqualTo("No");
        assertThat(api.getContact("firm", second.uuid(), added.uuid()).mobile()).isEqualTo("027 1");

        XpmClient other = api.addClient("firm", client("Bloggs Family Trust"));
        api.linkContacts("firm", other.uuid(), List.of(new XpmContact(joUuid, null, null, null, null, null, null, null,
                null, "Yes", "Trustee")));
        assertThat(api.getClient("firm", other.uuid()).contacts()).extracting(XpmContact::uuid).containsExactly(joUuid);

        XpmContactPage page = api.contacts("firm", 1, null);
        assertThat(page.contacts()).hasSize(1);
        assertThat(page.nextPageToken()).isNotNull();
        assertThat(api.contacts("firm", 1, page.nextPageToken()).contacts()).hasSize(1);

        api.deleteContact("firm", second.uuid(), null);
        assertThat(api.contacts("firm", 10, null).contacts()).extracting(XpmContact::uuid).containsExactly(joUuid);

        api.archiveClient("firm", other.uuid());
        api.deleteClient("firm", added.uuid());
        List<XpmClient> all = api.listClients("firm", null);
        assertThat(all).filteredOn(c -> c.uuid().equals(other.uuid())).singleElement()
                .satisfies(c -> assertThat(c.isArchived()).isEqualTo("Yes"));
        assertThat(all).filteredOn(c -> c.uuid().equals(added.uuid())).singleElement()
                .satisfies(c -> assertThat(c.isDeleted()).isEqualTo("Yes"));
        assertThat(raw("GET", "client.api/paged-list?pageSize=500", null).asString()).doesNotContain(other.uuid(),
                added.uuid());
    }

    @Test
    void theTaxNumberIsAnsweredMaskedTheGstPeriodInWordsAndAnUpdateOfTheSyncedFieldsKeepsBoth() {
        String uuid = RestAssured.given().contentType("text/xml").body("<Client><Name>Rimu Trust</Name>"
                        + "<TaxNumber>123-456-789</TaxNumber><GSTPeriod>2</GSTPeriod><Fax>09 555 0199</Fax></Client>")
                .post("/admin/practices/" + tenant + "/clients").then().statusCode(201).extract().xmlPath()
                .getString("Response.Client.UUID");
        XpmApi api = api(10);
        XpmClient read = api.getClient("firm", uuid);
        assertThat(read.taxNumber()).as("only the last three digits").isEqualTo("******789");
        assertThat(read.gstPeriod()).isEqualTo("Two Monthly");
        assertThat(raw("GET", "client.api/list", null).asString()).contains("<TaxNumber>******789</TaxNumber>")
                .doesNotContain("123-456-789");

        api.updateClient("firm", uuid, held -> new XpmClient(null, null, null, null, "trust@rimu.example", null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null));

        XpmClient after = adminClient(uuid);
        assertThat(after.email()).isEqualTo("trust@rimu.example");
        assertThat(after.taxNumber()).as("held in full, untouched").isEqualTo("123-456-789");
        assertThat(after.gstPeriod()).isEqualTo("Two Monthly");
        assertThat(after.fax()).isEqualTo("09 555 0199");
    }

    @Test
    void anUpdateCarryingTheReadFormOfTheTaxNumberOrGstPeriodIsRefused() {
        String uuid = api(10).addClient("firm", client("Matai Partners")).uuid();
        raw("PUT", "client.api/update", "<Client><UUID>" + uuid + "</UUID><TaxNumber>98-765-432</TaxNumber>"
                + "<GSTPeriod>6</GSTPeriod></Client>").then().statusCode(200);
        assertThat(raw("PUT", "client.api/update", "<Client><UUID>" + uuid + "</UUID><TaxNumber>*****432</TaxNumber>"
                + "</Client>").then().statusCode(200).extract().asString())
                .contains("<Status>ERROR</Status>", "TaxNumber '*****432' is masked");
        assertThat(raw("PUT", "client.api/update", "<Client><UUID>" + uuid + "</UUID><GSTPeriod>Six Monthly"
                + "</GSTPeriod></Client>").then().statusCode(400).extract().asString())
                .contains("<Status>ERROR</Status>", "GSTPeriod 'Six Monthly' is not a GST period an update takes");
        XpmClient held = adminClient(uuid);
        assertThat(held.taxNumber()).isEqualTo("98-765-432");
        assertThat(held.gstPeriod()).isEqualTo("Six Monthly");
        RestAssured.given().contentType("application/json").body(Map.of("updatesClearOmitted", true))
                .put("/admin/practices/" + tenant + "/behaviour").then().statusCode(400)
                .body(containsString("lose the client's tax number"));
    }

    private XpmClient adminClient(String uuid) {
        return xml.read(RestAssured.get("/admin/practices/" + tenant + "/clients").asString(), XpmResponse.class)
                .clients().stream().filter(c -> c.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    @Test
    void answersAreShapedLikeXerosExamples() throws Exception {
        api(10).addClient("firm", client("Shape Check Ltd"));
        String body = raw("GET", "client.api/list?detailed=true", null).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("xml")).extract().asString();
        Element response = parse(body);
        assertThat(response.getAttribute("api-method")).isEqualTo("List");
        Element client = (Element) response.getElementsByTagName("Client").item(0);
        Set<String> ours = children(client);
        Set<String> xero = new TreeSet<>(children((Element) parse(Specs.xpmXml("client-list.response.xml"))
                .getElementsByTagName("Client").item(0)));
        xero.addAll(children(parse(Specs.xpmXml("client-add.request.xml"))));
        xero.remove("WebSite");
        xero.add("IsProspect"); // ClientBaseDto in Xero's OpenAPI; the list example leaves it out (listOmitsGetFields)
        assertThat(ours).contains("Website", "IsArchived", "IsDeleted", "Contacts").doesNotContain("WebSite");
        assertThat(xero).containsAll(ours);
        assertThat(client.getElementsByTagName("IsArchived").item(0).getTextContent()).isEqualTo("No");
    }

    @Test
    void badRequestsGetXpmsErrorEnvelope() {
        assertThat(raw("POST", "client.api/add", "<Client><Name>oops</Nme></Client>").then().statusCode(400)
                .extract().asString()).contains("<Status>ERROR</Status>", "<ErrorDescription>");
        assertThat(raw("GET", "client.api/get/" + UUID.randomUUID(), null).then().statusCode(404).extract().asString())
                .contains("<Status>ERROR</Status>");
        assertThat(raw("GET", "client.api/paged-list?pageSize=501", null).then().statusCode(400).extract().asString())
                .contains("pageSize must be between 1 and 500");
        assertThatThrownBy(() -> api(10).addClient("firm", client(" ")))
                .isInstanceOf(XpmErrorException.class).hasMessageContaining("Name is required");
        RestAssured.given().header("Xero-Tenant-Id", tenant).get("/practicemanager/3.1/client.api/list")
                .then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + tokens.get("access_token"))
                .header("Xero-Tenant-Id", UUID.randomUUID().toString()).get("/practicemanager/3.1/client.api/list")
                .then().statusCode(403);
    }

    @Test
    void answersAreCompressedForAClientThatAsks() {
        RestAssured.given().header("Authorization", "Bearer " + tokens.get("access_token"))
                .header("Xero-Tenant-Id", tenant).header("Accept-Encoding", "gzip")
                .get("/practicemanager/3.1/client.api/list").then().statusCode(200)
                .header("Content-Encoding", "gzip");
    }

    @Test
    void limitsAnswerWithXerosHeadersAnd429() {
        RestAssured.given().contentType("application/json").body(Map.of("perMinute", 2))
                .put("/admin/practices/" + tenant + "/limits").then().statusCode(200);
        Response first = raw("GET", "client.api/list", null);
        assertThat(first.header("X-MinLimit-Remaining")).isEqualTo("1");
        assertThat(first.header("X-DayLimit-Remaining")).isEqualTo("4999");
        assertThat(first.header("X-AppMinLimit-Remaining")).isNotNull();
        raw("GET", "client.api/list", null).then().statusCode(200).header("X-MinLimit-Remaining", "0");
        Response refused = raw("GET", "client.api/list", null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("X-Rate-Limit-Problem")).isEqualTo("minute");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(calls()).extracting(c -> c.get("status")).containsExactly(200, 200, 429);

        // the daily limit counts the last 24 hours, as Xero does: the next call fits when the first leaves them
        RestAssured.given().contentType("application/json").body(Map.of("perMinute", 60, "perDay", 2))
                .put("/admin/practices/" + tenant + "/limits").then().statusCode(200);
        Response overDay = raw("GET", "client.api/list", null);
        assertThat(overDay.statusCode()).isEqualTo(429);
        assertThat(overDay.header("X-Rate-Limit-Problem")).isEqualTo("day");
        assertThat(Long.parseLong(overDay.header("Retry-After"))).isBetween(86_300L, 86_400L);
    }

    @Test
    void ourClientRidesOutInjectedFaults() {
        XpmApi api = api(10);
        api.addClient("firm", client("Faulty Ltd"));
        fault("HTTP_500", 2, Map.of());
        fault("MALFORMED_XML", 1, Map.of());
        fault("HTTP_429", 1, Map.of("retryAfterSeconds", 1));
        fault("SLOW", 1, Map.of("millis", 300));
        assertThat(api.listClients("firm", null)).extracting(XpmClient::name).containsExactly("Faulty Ltd");
        assertThat(calls()).extracting(c -> c.get("status")).endsWith(500, 500, 200, 429, 200);

        fault("STATUS_ERROR", 1, Map.of());
        assertThatThrownBy(() -> api.listClients("firm", null)).isInstanceOf(XpmErrorException.class)
                .hasMessageContaining("asked to fail");
        fault("HTTP_503", 10, Map.of());
        assertThatThrownBy(() -> api.listClients("firm", null)).isInstanceOf(XpmException.class)
                .hasMessageContaining("503").matches(e -> ((XpmException) e).retryable());
        RestAssured.delete("/admin/practices/" + tenant + "/faults").then().statusCode(204);
    }

    @Test
    void anExpiredTokenIsReplacedOnceThroughTheTokenSource() {
        AtomicInteger refreshes = new AtomicInteger();
        XpmTokenSource source = new XpmTokenSource() {
            XpmAccess access = new XpmAccess((String) tokens.get("access_token"), tenant);

            @Override
            public XpmAccess current(String firmId) {
                return access;
            }

            @Override
            public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
                refreshes.incrementAndGet();
                Map<String, Object> fresh = refresh((String) tokens.get("refresh_token")).jsonPath().getMap("$");
                access = new XpmAccess((String) fresh.get("access_token"), tenant);
                return access;
            }
        };
        XpmApi api = new XpmApi(XpmApiConfig.of(base.resolve("practicemanager/3.1/")), source,
                XpmCallBudget.share(1), Duration.ofSeconds(30));
        RestAssured.post("/admin/practices/" + tenant + "/tokens/expire").then().statusCode(200);
        assertThat(api.listClients("firm", null)).isEmpty();
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void aPersonInXpmAddsAContactToAClient() {
        String uuid = RestAssured.given().contentType("text/xml").body("<Client><Name>Admin Contact Ltd</Name>"
                        + "<BusinessStructure>Company</BusinessStructure></Client>")
                .post("/admin/practices/" + tenant + "/clients").then().statusCode(201).extract().xmlPath()
                .getString("Response.Client.UUID");
        RestAssured.given().contentType("text/xml").body("<Contact><Client><UUID>" + uuid + "</UUID></Client>"
                        + "<Name>Ana Admin</Name><Email>ana@admin.example</Email></Contact>")
                .post("/admin/practices/" + tenant + "/contacts").then().statusCode(201);
        XpmClient client = xml.read(RestAssured.get("/admin/practices/" + tenant + "/clients").asString(),
                XpmResponse.class).clients().stream().filter(c -> c.uuid().equals(uuid)).findFirst().orElseThrow();
        assertThat(client.contacts()).extracting(c -> c.name() + " " + c.email())
                .containsExactly("Ana Admin ana@admin.example");
        RestAssured.given().contentType("text/xml").body("<Contact><Name>No Client</Name></Contact>")
                .post("/admin/practices/" + tenant + "/contacts").then().statusCode(400);
    }

    @Test
    void aPracticeSetToListAsXerosExampleLeavesOutWhatOnlyGetAnswers() throws Exception {
        XpmApi api = api(10);
        XpmClient added = api.addClient("firm", client("Kauri Holdings Ltd"));
        assertThat(api.listClients("firm", null)).singleElement()
                .satisfies(c -> assertThat(c.lacksGetOnlyFields()).isFalse());

        RestAssured.given().contentType("application/json").body(Map.of("listOmitsGetFields", true))
                .put("/admin/practices/" + tenant + "/behaviour").then().statusCode(200)
                .body("listOmitsGetFields", equalTo(true));
        Element listed = (Element) parse(raw("GET", "client.api/list", null).asString())
                .getElementsByTagName("Client").item(0);
        assertThat(children(listed)).contains("Name", "IsArchived").doesNotContain("BusinessStructure", "IsProspect");
        Element whole = (Element) parse(RestAssured.get("/admin/practices/" + tenant + "/clients").asString())
                .getElementsByTagName("Client").item(0);
        assertThat(children(whole)).as("as a person in XPM sees it").contains("BusinessStructure", "IsProspect");
        assertThat(api.listClients("firm", null)).singleElement()
                .satisfies(c -> assertThat(c.lacksGetOnlyFields()).isTrue());
        XpmClient got = api.getClient("firm", added.uuid());
        assertThat(got.businessStructure()).isEqualTo("Company");
        assertThat(got.isProspect()).isEqualTo("No");
    }

    @Test
    void aProspectConvertedToAClientIsANewClientAndTheProspectIsDeleted() {
        String prospect = RestAssured.given().contentType("text/xml").body("<Client><Name>Rimu Cafe Ltd</Name>"
                        + "<Email>hello@rimu.example</Email><BusinessStructure>Company</BusinessStructure>"
                        + "<IsProspect>Yes</IsProspect><Contacts><Contact><Name>Mere Rimu</Name></Contact></Contacts>"
                        + "</Client>")
                .post("/admin/practices/" + tenant + "/clients").then().statusCode(201).extract().xmlPath()
                .getString("Response.Client.UUID");
        XpmApi api = api(10);
        assertThat(api.getClient("firm", prospect).prospect()).isTrue();

        Instant before = Instant.now().minusSeconds(1);
        String converted = RestAssured.post("/admin/practices/" + tenant + "/clients/" + prospect + "/convert")
                .then().statusCode(201).extract().xmlPath().getString("Response.Client.UUID");

        assertThat(converted).isNotBlank().isNotEqualToIgnoringCase(prospect);
        List<XpmClient> changed = api.listClients("firm", before);
        assertThat(changed).extracting(XpmClient::uuid).containsExactlyInAnyOrder(prospect, converted);
        XpmClient client = changed.stream().filter(c -> c.uuid().equals(converted)).findFirst().orElseThrow();
        assertThat(client.prospect()).isFalse();
        assertThat(client.isDeleted()).isEqualTo("No");
        assertThat(client.name()).isEqualTo("Rimu Cafe Ltd");
        assertThat(client.email()).isEqualTo("hello@rimu.example");
        assertThat(client.businessStructure()).isEqualTo("Company");
        assertThat(client.contacts()).extracting(XpmContact::name).containsExactly("Mere Rimu");
        XpmClient old = changed.stream().filter(c -> c.uuid().equals(prospect)).findFirst().orElseThrow();
        assertThat(old.isDeleted()).isEqualTo("Yes");
        assertThat(old.contacts()).isEmpty();

        RestAssured.post("/admin/practices/" + tenant + "/clients/" + prospect + "/convert").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("not a live prospect"));
        RestAssured.post("/admin/practices/" + tenant + "/clients/" + converted + "/convert").then().statusCode(409);
    }

    @Test
    void theGeneratorSeedsEverySeedAndTheSameSeedIntoTwoPractices() {
        // once reported: seeds 100 to 105 with 250 clients answered 500 (a contact persisted twice)
        for (long seed = 100; seed <= 105; seed++) {
            String practice = RestAssured.given().contentType("application/json")
                    .body(Map.of("name", "Seed " + seed, "ownerEmail", "seed-" + UUID.randomUUID() + "@example.com",
                            "ownerPassword", "pw-1"))
                    .post("/admin/practices").then().statusCode(201).extract().path("tenantId");
            RestAssured.given().contentType("application/json").body(Map.of("seed", seed, "clients", 250,
                            "contactsPerOrganisation", (int) (seed % 3)))
                    .post("/admin/practices/" + practice + "/generate").then().statusCode(200);
        }
        RestAssured.given().contentType("application/json").body(Map.of("seed", 100, "clients", 250,
                "contactsPerOrganisation", 1)).post("/admin/practices/" + tenant + "/generate").then().statusCode(200);
    }

    @Test
    void theGeneratorSeedsARealisticPractice() {
        Map<String, Object> seeded = RestAssured.given().contentType("application/json")
                .body(Map.of("seed", 7, "clients", 120)).post("/admin/practices/" + tenant + "/generate")
                .then().statusCode(200).extract().jsonPath().getMap("$");
        List<XpmClient> clients = xml.read(RestAssured.get("/admin/practices/" + tenant + "/clients").asString(),
                XpmResponse.class).clients();
        assertThat(clients).hasSize((Integer) seeded.get("clients"));
        assertThat(clients).extracting(XpmClient::businessStructure)
                .contains("Individual", "Sole Trader", "Company", "Trust", "Partnership");
        assertThat(clients).anyMatch(c -> c.isArchived().equals("Yes"));
        assertThat(clients).anyMatch(c -> !c.postalAddress().isEmpty() && !c.address().isEmpty());
        assertThat(clients.stream().mapToInt(c -> c.contacts().size()).sum()).isEqualTo(seeded.get("contacts"))
                .isPositive();
    }

    private XpmApi api(int budgetSeconds) {
        XpmAccess access = new XpmAccess((String) tokens.get("access_token"), tenant);
        XpmTokenSource source = new XpmTokenSource() {
            @Override
            public XpmAccess current(String firmId) {
                return access;
            }

            @Override
            public XpmAccess afterRejected(String firmId, XpmAccess rejected) {
                throw new IllegalStateException("no refresh in this test");
            }
        };
        return new XpmApi(new XpmApiConfig(base.resolve("practicemanager/3.1/"), 5, Duration.ofMillis(50),
                Duration.ofSeconds(10), Duration.ofSeconds(5)), source, XpmCallBudget.share(1),
                Duration.ofSeconds(budgetSeconds));
    }

    private static XpmClient client(String name) {
        return new XpmClient(null, name, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, "Company", null, null, null, null, null);
    }

    private Response raw(String method, String path, String body) {
        var request = RestAssured.given().header("Authorization", "Bearer " + tokens.get("access_token"))
                .header("Xero-Tenant-Id", tenant.toUpperCase());
        if (body != null) {
            request = request.contentType("text/xml").body(body);
        }
        return request.request(method, "/practicemanager/3.1/" + path);
    }

    private List<Map<String, Object>> calls() {
        return RestAssured.get("/admin/practices/" + tenant + "/calls").jsonPath().getList("$");
    }

    private void fault(String kind, int count, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("kind", kind);
        body.put("count", count);
        RestAssured.given().contentType("application/json").body(body)
                .post("/admin/practices/" + tenant + "/faults").then().statusCode(200);
    }

    static Map<String, String> form(String email, String password) {
        return Map.of("client_id", CLIENT_ID, "redirect_uri", REDIRECT, "scope", "offline_access practicemanager",
                "state", "s1", "email", email, "password", password, "decision", "allow");
    }

    static String authorize(String email, String password) {
        String location = RestAssured.given().redirects().follow(false).formParams(form(email, password))
                .post("/identity/connect/authorize").then().statusCode(303).extract().header("Location");
        assertThat(location).startsWith(REDIRECT).contains("state=s1");
        return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    static Map<String, Object> exchange(String code) {
        return RestAssured.given().auth().preemptive().basic(CLIENT_ID, SECRET)
                .formParams(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT))
                .post("/connect/token").then().statusCode(200).extract().jsonPath().getMap("$");
    }

    static Response refresh(String refreshToken) {
        return RestAssured.given().auth().preemptive().basic(CLIENT_ID, SECRET)
                .formParams(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
                .post("/connect/token");
    }

    private static Element parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static Set<String> children(Element element) {
        Set<String> names = new TreeSet<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }
}
