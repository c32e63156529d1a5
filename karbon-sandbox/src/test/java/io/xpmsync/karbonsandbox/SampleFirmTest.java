package io.xpmsync.karbonsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.sample.PracticeGenerator;
import io.xpmsync.sample.SamplePractice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The admin API seeds a firm with the Karbon side of a generated sample practice. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class SampleFirmTest {

    private static String firm() {
        return TestFirms.create("Client").firmId();
    }

    @Test
    void a_generated_firm_holds_the_karbon_side_of_the_sample_practice_the_same_every_time() {
        String first = firm();
        String second = firm();
        JsonPath seeded = given().contentType(ContentType.JSON).body(Map.of("seed", 11, "clients", 60))
                .post("/admin/firms/" + first + "/generate").then().statusCode(201).extract().jsonPath();
        given().contentType(ContentType.JSON).body(Map.of("seed", 11, "clients", 60))
                .post("/admin/firms/" + second + "/generate").then().statusCode(201);

        SamplePractice practice = PracticeGenerator.generate(11, 60);
        List<String> names = given().get("/admin/firms/" + first + "/contacts").then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertThat(names).hasSize(practice.karbon().size())
                .containsExactlyInAnyOrderElementsOf(given().get("/admin/firms/" + second + "/contacts").then()
                        .extract().jsonPath().getList("name"));
        assertThat(seeded.getInt("organizations") + seeded.getInt("people")).isEqualTo(practice.karbon().size());
        assertThat(seeded.getMap("xpmOverlaps")).containsKeys("EXACT", "NEW");
        List<List<Object>> links = given().get("/admin/firms/" + first + "/contacts").then().extract().jsonPath()
                .getList("links");
        assertThat(links).as("people linked to organizations by business cards").anyMatch(l -> !l.isEmpty());
    }

    @Test
    void a_generate_request_out_of_range_is_refused() {
        given().contentType(ContentType.JSON).body(Map.of("seed", 1, "clients", 0))
                .post("/admin/firms/" + firm() + "/generate").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("clients"));
        given().contentType(ContentType.JSON).body(Map.of("seed", 1, "clients", 5))
                .post("/admin/firms/no-such-firm/generate").then().statusCode(404);
    }
}
