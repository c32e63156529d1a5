package io.xpmsync.system;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.infra.LocalPostgres;
import io.xpmsync.infra.LocalSystem;
import io.xpmsync.infra.Ports;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of xpm-sync, every part its own process on real Kafka and PostgreSQL, started once for all the test
 * classes of this module that use the extension, and stopped when they are done.
 *
 * <p>Its settings differ from the defaults in two ways only: a scheduled poll may come 2 s after the last one (tests
 * make polls due themselves), and karbon-sandbox lets each firm make 100,000 calls a minute, so that large syncs
 * measure xpm-sync rather than Karbon's limit (the Karbon client's handling of 429 is tested on its own).
 */
public final class RunningSystem implements BeforeAllCallback {

    private static volatile LocalSystem system;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RunningSystem.class,
                k -> new Started(start()), Started.class);
    }

    public static LocalSystem system() {
        if (system == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(RunningSystem.class)");
        }
        return system;
    }

    public static String url(String part) {
        return system().urls().get(part);
    }

    public static RequestSpecification at(String part) {
        return RestAssured.given().baseUri(url(part));
    }

    /** The repository's root folder (Maven passes it; "..", the parent of system-tests, otherwise). */
    public static Path root() {
        return Path.of(System.getProperty("xpmsync.root", "..")).toAbsolutePath().normalize();
    }

    public static Connection database() throws SQLException {
        return DriverManager.getConnection(system().jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    private static LocalSystem start() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        LocalSystem.SERVICES.keySet().forEach(name -> ports.put(name, Ports.free()));
        Path root = root();
        try {
            system = LocalSystem.start(new LocalSystem.Settings(root, Files.createTempDirectory("xpmsync-system-"),
                    true, Ports.free(), Ports.free(), Ports.free(), ports,
                    Map.of("CONNECTOR_POLL_MIN_INTERVAL", "2s", "CONNECTOR_POLL_LOOK_BACK", "5s",
                            "KARBON_RATE_LIMIT_PER_MINUTE", "100000")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return system;
    }

    /** Stops the system when the last test class of the run is done. */
    private record Started(LocalSystem started) implements AutoCloseable {
        @Override
        public void close() {
            started.close();
            system = null;
        }
    }
}
