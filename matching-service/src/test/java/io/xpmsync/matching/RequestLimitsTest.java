package io.xpmsync.matching;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.xpmsync.infra.RealInfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * What a request may be, as every service takes it (service-security's limits), seen on matching-service's Karbon
 * connection, and the checks of that connection itself: its credentials' lengths and the origin it may name.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KarbonSandboxOrigin.class, scope = TestResourceScope.GLOBAL)
class RequestLimitsTest {

    private static final String CONNECTION = "/firms/limits-firm/karbon-connection";

    @Test
    void a_body_over_the_limit_is_a_413_in_words() {
        given().contentType(ContentType.JSON).body("{\"baseUrl\": \"" + "x".repeat(300 * 1024) + "\"}")
                .put(CONNECTION).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 262144 bytes"));
    }

    @Test
    void a_field_the_resource_does_not_take_is_refused_and_named_shortened() {
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://api.karbonhq.com",
                        "applicationId", "a", "accessKey", "k", "note", "anything"))
                .put(CONNECTION).then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("note")).body("detail", containsString("does not take: 'note'"));
        String longName = "n".repeat(10_000);
        given().contentType(ContentType.JSON).body(Map.of("applicationId", "a", longName, "x"))
                .put(CONNECTION).then().statusCode(400)
                .body("field", equalTo("n".repeat(100) + "…")).body("detail.length()", lessThan(1001));
    }

    @Test
    void json_nested_too_deep_is_a_400_in_words() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        given().contentType(ContentType.JSON).body("{\"applicationId\": " + deep + "}").put(CONNECTION).then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON")).body("field", equalTo("applicationId"));
        given().contentType(ContentType.JSON).body(deep).put(CONNECTION).then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("JSON"));
    }

    @Test
    void credentials_longer_than_karbons_are_refused_in_words() {
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://api.karbonhq.com",
                        "applicationId", "a".repeat(10_000), "accessKey", "k"))
                .put(CONNECTION).then().statusCode(400)
                .body("detail", equalTo("applicationId must be at most 200 printable characters"));
        // beyond any text a request may hold: Jackson's own limit, in words
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://api.karbonhq.com",
                        "applicationId", "a".repeat(100_000), "accessKey", "k"))
                .put(CONNECTION).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("each text at most 65536 characters"));
        given().contentType(ContentType.JSON).body(Map.of("baseUrl", "https://api.karbonhq.com",
                        "applicationId", "a", "accessKey", "k".repeat(5000)))
                .put(CONNECTION).then().statusCode(400)
                .body("detail", equalTo("accessKey must be at most 4096 printable characters"));
    }

    @Test
    void only_the_allowed_origins_are_taken_not_another_port_or_scheme_of_their_host() {
        for (String elsewhere : new String[]{"http://127.0.0.1:" + (KarbonSandboxOrigin.PORT == 1 ? 2 : 1),
                "https://127.0.0.1:" + KarbonSandboxOrigin.PORT, "http://localhost:" + KarbonSandboxOrigin.PORT,
                "https://api.karbonhq.com:8443", "http://api.karbonhq.com"}) {
            given().contentType(ContentType.JSON).body(Map.of("baseUrl", elsewhere, "applicationId", "a",
                            "accessKey", "k")).put(CONNECTION).then().statusCode(400)
                    .body("detail", endsWith("at https://api.karbonhq.com or http://127.0.0.1:"
                            + KarbonSandboxOrigin.PORT));
        }
    }
}
