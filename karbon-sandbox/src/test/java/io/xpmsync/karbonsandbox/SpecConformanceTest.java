package io.xpmsync.karbonsandbox;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The check every sandbox answer goes through ({@link SpecConformanceFilter}) catches what Karbon would not answer. */
class SpecConformanceTest {

    @Test
    void a_status_code_karbon_does_not_document_for_the_operation_is_a_violation() {
        assertThat(SpecConformanceFilter.check("PUT", "/v3/Contacts/K1", 200, Map.of(),
                "{\"ContactKey\": \"K1\", \"FirstName\": \"Mia\", \"LastName\": \"Chen\"}")).isNotNull();
        assertThat(SpecConformanceFilter.check("PUT", "/v3/Contacts/K1", 204, Map.of(), null)).isNull();
        assertThat(SpecConformanceFilter.check("PUT", "/v3/BusinessCards/C1", 204, Map.of(), null)).isNull();
    }

    @Test
    void a_body_that_breaks_the_documented_schema_is_a_violation() {
        assertThat(SpecConformanceFilter.check("GET", "/v3/Contacts", 200, Map.of(),
                "{\"value\": [{\"FullName\": 7}]}")).isNotNull();
        assertThat(SpecConformanceFilter.check("GET", "/v3/Contacts", 200, Map.of(),
                "{\"@odata.context\": \"c\", \"@odata.count\": 1, \"value\": [{\"@odata.type\": \"#KarbonService.ContactSummaryDTO\", \"ContactKey\": \"K1\","
                        + " \"FullName\": \"Mia Chen\", \"LastModifiedDateTime\": \"2022-07-05T07:30:13Z\"}]}"))
                .isNull();
    }

    @Test
    void an_operation_karbon_does_not_have_is_a_violation() {
        assertThat(SpecConformanceFilter.check("DELETE", "/v3/Contacts/K1", 204, Map.of(), null))
                .isEqualTo("Karbon's API has no such operation");
    }
}
