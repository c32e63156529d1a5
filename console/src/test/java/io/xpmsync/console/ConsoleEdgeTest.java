package io.xpmsync.console;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The console's edge: bearer tokens checked as the services check them, what a person may do, one redirect URI, and
 * the headers that tell the browser how to treat every answer.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleEdgeTest {

    /** A module's import of another of the page's modules, by its path from the importing one. */
    private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w./-]+\\.js)';");

    @Test
    void aBearerTokenMustBeAnAccessTokenForXpmSync() {
        List<String> firms = List.of("firm-a");
        // another client's token without an audience, and an ID token (its audience is the client it was issued to)
        for (String foreign : List.of(TestTokens.personFor(null, firms, "firm-admin"),
                TestTokens.personFor("xpm-sync-console", firms, "firm-admin"))) {
            RestAssured.given().auth().oauth2(foreign).get("/api/console").then().statusCode(401);
            RestAssured.given().auth().oauth2(foreign).get("/api/firms/firm-a/activity").then().statusCode(401);
        }
        RestAssured.given().auth().oauth2(TestTokens.person(firms, "firm-reader")).get("/api/firms/firm-a/activity")
                .then().statusCode(200);
    }

    @Test
    void onlyAnAdministratorOfTheFirmMayChange() {
        RestAssured.given().auth().oauth2(TestTokens.person(List.of("firm-a"), "firm-admin", "firm-reader"))
                .get("/api/console").then().statusCode(200).body("mayChange", is(true));
        RestAssured.given().auth().oauth2(TestTokens.person(List.of("firm-a"), "firm-reader"))
                .get("/api/console").then().statusCode(200).body("mayChange", is(false));
    }

    @Test
    void peopleComeBackFromSigningInAtTheOneRegisteredAddress() {
        String location = RestAssured.given().redirects().follow(false).get("/?firm=firm-a").then().statusCode(302)
                .extract().header("Location");
        String redirect = URLDecoder.decode(location.replaceFirst(".*[?&]redirect_uri=([^&]+).*", "$1"),
                StandardCharsets.UTF_8);
        assertThat(redirect).matches("https?://(localhost|127\\.0\\.0\\.1):\\d+/signed-in");
    }

    @Test
    void everyAnswerTellsTheBrowserHowToTreatIt() {
        String person = TestTokens.person(List.of("firm-a"), "firm-admin");
        List<Response> answers = List.of(
                RestAssured.given().auth().oauth2(person).get("/"),
                RestAssured.get("/console.js"),
                RestAssured.get("/console.css"),
                RestAssured.get("/js/shared.js"),
                RestAssured.given().auth().oauth2(person).get("/api/console"),
                RestAssured.given().auth().oauth2(person).get("/api/firms/firm-b/activity"),
                RestAssured.given().auth().oauth2(person).get("/api/nothing/firms/firm-a/mappings"),
                RestAssured.given().auth().oauth2("not-a-token").get("/api/console"),
                RestAssured.given().header("X-Requested-With", "JavaScript").get("/api/console"),
                RestAssured.given().redirects().follow(false).get("/"));
        assertThat(answers).extracting(Response::statusCode).containsExactly(200, 200, 200, 200, 200, 403, 404, 401,
                499, 302);
        for (Response answer : answers) {
            assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        // the API's answers carry contact data: no cache keeps them; the page's script and style may be kept
        assertThat(answers.subList(4, 9)).extracting(a -> a.header("Cache-Control")).containsOnly("no-store");
        assertThat(answers.subList(1, 4)).extracting(a -> a.header("Cache-Control")).doesNotContain("no-store");
    }

    @Test
    void thePagesScriptModulesAreServedAsScriptsBeforeSigningIn() {
        // console.js and every module it imports, and they theirs: a browser runs a module only when it is sent as
        // JavaScript (nosniff), and script-src 'self' takes them because they come from the page's own origin
        Set<String> served = new LinkedHashSet<>();
        Deque<String> toRead = new ArrayDeque<>(List.of("/console.js"));
        while (!toRead.isEmpty()) {
            String path = toRead.pop();
            if (!served.add(path)) {
                continue;
            }
            Response answer = RestAssured.given().redirects().follow(false).get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.contentType()).as(path).contains("javascript");
            assertThat(answer.header("Content-Security-Policy")).as(path).contains("script-src 'self'");
            String directory = path.substring(0, path.lastIndexOf('/') + 1);
            Matcher imported = IMPORT.matcher(answer.asString());
            while (imported.find()) {
                toRead.add(directory + imported.group(1));
            }
        }
        assertThat(served).contains("/js/shared.js", "/js/connected-apps.js", "/js/conflicts.js").hasSizeGreaterThan(10);
    }
}
