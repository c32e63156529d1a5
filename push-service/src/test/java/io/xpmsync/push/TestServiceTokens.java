package io.xpmsync.push;

import io.quarkus.test.Mock;
import io.xpmsync.infra.testing.TestTokens;
import io.xpmsync.security.ServiceTokens;

/** In these tests the service's own token is a test token, which the services started beside the test accept. */
@Mock
class TestServiceTokens extends ServiceTokens {

    TestServiceTokens() {
        super(null);
    }

    @Override
    public String authorization() {
        return "Bearer " + TestTokens.service("push-service");
    }
}
