package io.xpmsync.mapping;

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
 * The Karbon side mapping-service works with, as their own processes on the test's Kafka and PostgreSQL: the packaged
 * karbon-sandbox (the Karbon API) and matching-service (the owner of the firms' Karbon credentials). Started on first
 * use, stopped with the tests.
 */
public class KarbonStackResource implements QuarkusTestResourceLifecycleManager {

    private static int karbonPort;
    private static int matchingPort;
    private static ServiceProcess karbon;
    private static ServiceProcess matching;

    @Override
    public Map<String, String> start() {
        karbonPort = Ports.free();
        matchingPort = Ports.free();
        return Map.of("mapping.karbon.credentials-url", "http://127.0.0.1:" + matchingPort);
    }

    public static synchronized ServiceProcess karbon() {
        if (karbon == null) {
            karbon = start("karbon-sandbox", karbonPort);
        }
        return karbon;
    }

    public static synchronized ServiceProcess matching() {
        if (matching == null) {
            matching = start("matching-service", matchingPort);
        }
        return matching;
    }

    private static ServiceProcess start(String name, int port) {
        Config config = ConfigProvider.getConfig();
        Path root = Path.of("").toAbsolutePath().getParent();
        try {
            ServiceProcess process = ServiceProcess.start(root, name, port, Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", config.getValue("kafka.bootstrap.servers", String.class),
                    "DB_JDBC_URL", config.getValue("quarkus.datasource.jdbc.url", String.class),
                    "DB_USERNAME", config.getValue("quarkus.datasource.username", String.class),
                    "DB_PASSWORD", config.getValue("quarkus.datasource.password", String.class)),
                    Files.createTempDirectory(name + "-log-"));
            process.awaitReady(Duration.ofSeconds(90));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (matching != null) {
            matching.close();
            matching = null;
        }
        if (karbon != null) {
            karbon.close();
            karbon = null;
        }
    }
}
