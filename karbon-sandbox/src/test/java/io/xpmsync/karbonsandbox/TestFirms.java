package io.xpmsync.karbonsandbox;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A fresh firm in the sandbox for one test, with its API credentials. */
record TestFirms(String firmId, String applicationId, String accessKey) {

    static TestFirms create(String... contactTypes) {
        String firmId = "firm-" + UUID.randomUUID();
        JsonPath credentials = given().contentType(ContentType.JSON)
                .body(Map.of("firmId", firmId, "name", "Acme Accounting", "country", "AU",
                        "contactTypes", List.of(contactTypes)))
                .post("/admin/firms").then().statusCode(201).extract().jsonPath();
        return new TestFirms(firmId, credentials.getString("applicationId"), credentials.getString("accessKey"));
    }

    /** A request to the Karbon API as this firm. */
    RequestSpecification api() {
        return given().header("Authorization", "Bearer " + applicationId).header("AccessKey", accessKey)
                .contentType(ContentType.JSON);
    }
}
