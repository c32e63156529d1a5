package io.xpmsync.infra.testing;

import io.xpmsync.infra.ServiceProcess;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Another packaged part of xpm-sync started as its own process beside a {@code @QuarkusTest}, on the same Kafka and
 * PostgreSQL as the test (read from the running test's configuration), accepting the test's {@link TestTokens}, and
 * ready when this returns.
 */
public final class ProcessBesideTest {

    private ProcessBesideTest() {
    }

    /**
     * @param name   the module, e.g. {@code xpm-sandbox}; its {@code target/quarkus-app} must be built
     * @param extra  more settings for it, as environment variables
     */
    public static ServiceProcess start(String name, int port, Map<String, String> extra) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> env = new HashMap<>(extra);
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.getValue("kafka.bootstrap.servers", String.class));
        env.put("DB_JDBC_URL", config.getValue("quarkus.datasource.jdbc.url", String.class));
        env.put("DB_USERNAME", config.getValue("quarkus.datasource.username", String.class));
        env.put("DB_PASSWORD", config.getValue("quarkus.datasource.password", String.class));
        // it takes the test's tokens, as the service under test does (TestTokens)
        env.putAll(TestTokens.serviceEnv());
        env.putAll(io.xpmsync.infra.LocalSystem.LOCAL_KEYS);
        try {
            ServiceProcess process = ServiceProcess.start(Path.of("").toAbsolutePath().getParent(), name, port, env,
                    Files.createTempDirectory(name + "-log-"));
            process.awaitReady(Duration.ofSeconds(90));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }
}
