package io.xpmsync.connector;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.ProcessBesideTest;

import java.util.Map;

/**
 * Points connector-service at the packaged XPM sandbox, run as its own process on the same Kafka and PostgreSQL as
 * the test (it starts on first use, once the global test resource has started them, and stops with the tests).
 * Scheduled polls are an hour apart, so they never race a test's Sync Now; the test of scheduled polling makes the
 * firm's poll due itself.
 */
public class XpmSandboxResource implements QuarkusTestResourceLifecycleManager {

    private static int sandboxPort;
    private static int appPort;
    private static ServiceProcess sandbox;

    @Override
    public Map<String, String> start() {
        sandboxPort = Ports.free();
        appPort = Ports.free();
        String base = "http://127.0.0.1:" + sandboxPort;
        return Map.of(
                "quarkus.http.test-port", String.valueOf(appPort),
                "connector.xpm.api-url", base + "/practicemanager/3.1/",
                "connector.xpm.connections-url", base,
                "connector.xpm.authorize-url", base + "/identity/connect/authorize",
                "connector.xpm.redirect-uri", "http://127.0.0.1:" + appPort + "/xpm/callback",
                "quarkus.oidc-client.auth-server-url", base,
                "connector.poll.min-interval", "1h",
                "connector.poll.look-back", "5s");
    }

    /** The sandbox, started on first use. */
    public static synchronized ServiceProcess sandbox() {
        if (sandbox == null) {
            sandbox = ProcessBesideTest.start("xpm-sandbox", sandboxPort, Map.of());
        }
        return sandbox;
    }

    @Override
    public synchronized void stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
