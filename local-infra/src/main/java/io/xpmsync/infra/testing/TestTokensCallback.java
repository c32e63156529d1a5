package io.xpmsync.infra.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Before each {@code @QuarkusTest} class and method: RestAssured (as the test's class loader sees it, which differs between
 * test classes that restart the application) gives every request the token its path needs ({@link TestTokens}).
 */
public class TestTokensCallback implements QuarkusTestBeforeClassCallback, QuarkusTestBeforeEachCallback {

    private static final Filter TOKENS = TestTokens.filter();

    @Override
    public void beforeClass(Class<?> testClass) {
        register();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        register();
    }

    private static void register() {
        if (RestAssured.filters().stream().noneMatch(f -> f.getClass().getName().startsWith(TestTokens.class.getName()))) {
            RestAssured.filters(TOKENS);
        }
    }
}
