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
 * <p>Karbon changes come from karbon-sandbox's platform event stream, or from its webhooks with
 * {@code -Dxpmsync.karbon-events=webhooks} ({@link #KARBON_EVENTS}). Its settings differ from the defaults in three
 * ways only: a scheduled poll may come 2 s after the last one (tests
 * make polls due themselves), a firm claimed by a connector-service that died is taken over after 20 s, and karbon-sandbox lets each firm make 100,000 calls a minute (and the services' Karbon
 * budget follows), so that large syncs measure xpm-sync rather than Karbon's limit (the Karbon budget and 429s are
 * tested on their own). {@code -Dxpmsync.karbon-per-minute=120} runs at Karbon's real limit instead.
 */
public final class RunningSystem implements BeforeAllCallback {

    /**
     * Karbon's calls a minute per firm, in the sandbox and in the services' budget: 100,000 for the suite, Karbon's
     * real 120 for the benchmarks at the real limits ({@code -Dxpmsync.karbon-per-minute=120}).
     */
    static final String KARBON_PER_MINUTE = System.getProperty("xpmsync.karbon-per-minute", "100000");

    /**
     * mapping-service's {@code MAPPING_WORK_RECORDS_AT_ONCE}: its default (1) unless a benchmark asks for more
     * ({@code -Dxpmsync.mapping-records-at-once=8}, worth it only when the Karbon limit is lifted).
     */
    static final String MAPPING_RECORDS_AT_ONCE = System.getProperty("xpmsync.mapping-records-at-once", "1");

    /**
     * Where Karbon changes come from: {@code platform} (karbon-sandbox's event stream on Kafka) or {@code webhooks}
     * (Karbon's webhooks to matching-service, as with Karbon's public API; {@code -Dxpmsync.karbon-events=webhooks}).
     * The acceptance suite runs in both (see the pom).
     */
    static final String KARBON_EVENTS = System.getProperty("xpmsync.karbon-events", "platform");

    /** Karbon's coalescing window for webhook notices in webhooks mode: Karbon's is 60 s; the suite's is 1 s. */
    static final String WEBHOOK_COALESCE = System.getProperty("xpmsync.karbon-webhook-coalesce", "1s");

    static boolean webhooks() {
        return "webhooks".equals(KARBON_EVENTS);
    }

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

    /** Where {@code part} serves its {@code /q/...} (health, metrics, the OpenAPI document): its management port. */
    public static String managementUrl(String part) {
        return system().managementUrls().get(part);
    }

    /**
     * A request to {@code part}; to one of xpm-sync's own parts it carries the token its path needs ({@link People}),
     * to a sandbox none (they imitate Karbon and Xero, which know nothing of xpm-sync's people).
     */
    public static RequestSpecification at(String part) {
        RequestSpecification request = RestAssured.given().baseUri(url(part));
        return part.endsWith("-sandbox") ? request : request.filter(People.FILTER);
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
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        LocalSystem.SERVICES.keySet().forEach(name -> managementPorts.put(name, Ports.free()));
        Path root = root();
        Map<String, String> env = new LinkedHashMap<>(Map.of("CONNECTOR_POLL_MIN_INTERVAL", "2s",
                "CONNECTOR_POLL_LOOK_BACK", "5s", "CONNECTOR_POLL_CLAIM_TTL", "20s",
                "KARBON_RATE_LIMIT_PER_MINUTE", KARBON_PER_MINUTE, "KARBON_BUDGET_PER_MINUTE", KARBON_PER_MINUTE,
                "MAPPING_WORK_RECORDS_AT_ONCE", MAPPING_RECORDS_AT_ONCE));
        env.putAll(LocalSystem.karbonEvents(KARBON_EVENTS, WEBHOOK_COALESCE));
        if (webhooks()) {
            env.put("MATCHING_WEBHOOK_CHECK_INTERVAL", "5s");
        }
        try {
            system = LocalSystem.start(new LocalSystem.Settings(root, Files.createTempDirectory("xpmsync-system-"),
                    true, Ports.free(), Ports.free(), Ports.free(), Ports.free(), ports, managementPorts, env));
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
