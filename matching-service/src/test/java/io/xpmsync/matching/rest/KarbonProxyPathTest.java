package io.xpmsync.matching.rest;

import io.xpmsync.security.ApiProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KarbonProxyPathTest {

    @Test
    void karbonsOwnPathsGoOnAsTheyCame() {
        for (String path : List.of("v3", "v3/Contacts", "v3/Contacts/4mJ3kXyz", "v3/Contacts('4mJ3')",
                "v3/Organizations/a%2Bb", "v3/BusinessCards/k~1_2-3.4")) {
            assertThat(KarbonProxyPath.of(path)).isEqualTo(path);
        }
    }

    @Test
    void aPathThatWouldLeaveV3IsRefused() {
        for (String path : List.of("v3/..%2F..%2Fadmin", "v3/..", "v3/.", "v3/%2e%2e/admin", "v3/%2E%2E",
                "v3/x%2Fy", "v3/x%5Cy", "v3/..%5C..%5Cadmin", "v3/..%252F..%252Fadmin", "v3/x%255Cy",
                "v4/Contacts", "admin", "v3admin", "v3//Contacts")) {
            assertThatThrownBy(() -> KarbonProxyPath.of(path)).as(path).isInstanceOfSatisfying(ApiProblem.class,
                    problem -> {
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.field()).isEqualTo("path");
                    });
        }
        assertThatThrownBy(() -> KarbonProxyPath.of("v3/..%2F..%2Fadmin")).hasMessage("A segment of the Karbon"
                + " path may not hold a '/' or '\\', encoded or not ('..%2F..%2Fadmin'): the path stays below /v3/");
    }

    @Test
    void aMalformedPathIsRefusedInWords() {
        for (String path : List.of("v3/Contacts/a b", "v3/Contacts/a%20b", "v3/%zz", "v3/%2", "v3/a\\b",
                "v3/Contacts/a%0Ab", "v3/a\"b")) {
            assertThatThrownBy(() -> KarbonProxyPath.of(path)).as(path).isInstanceOfSatisfying(ApiProblem.class,
                    problem -> assertThat(problem.status()).isEqualTo(400))
                    .hasMessageStartingWith("The Karbon path is malformed");
        }
    }
}
