package io.xpmsync.connector;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.ServiceProcess;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            Config config = ConfigProvider.getConfig();
            Path root = Path.of("").toAbsolutePath().getParent();
            try {
                sandbox = ServiceProcess.start(root, "xpm-sandbox", sandboxPort, Map.of(
                        "DB_JDBC_URL", config.getValue("quarkus.datasource.jdbc.url", String.class),
                        "DB_USERNAME", config.getValue("quarkus.datasource.username", String.class),
                        "DB_PASSWORD", config.getValue("quarkus.datasource.password", String.class)),
                        Files.createTempDirectory("xpm-sandbox-log-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sandbox.awaitReady(Duration.ofSeconds(90));
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
