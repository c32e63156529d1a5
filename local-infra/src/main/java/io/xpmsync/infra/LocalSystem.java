package io.xpmsync.infra;

import io.xpmsync.contracts.kafka.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;

/**
 * The whole of xpm-sync on one machine: a real Kafka broker and a real PostgreSQL, then the sandboxes and the
 * services, each as its own JVM, started in order and waited for until ready. The README's run command runs
 * {@link #main}; the system tests use {@link #start} with free ports.
 *
 * <p>Over 400 lines since each part now has a management port beside its HTTP port; its seam is between the order of
 * starting (here) and each part's settings (ports, environment), which is where it splits next.
 */
public final class LocalSystem implements AutoCloseable {

    /** Services in start order, with their fixed ports for the local run. */
    public static final Map<String, Integer> SERVICES = fixedPorts();

    /** Each service's management port in the local run (its {@code /q/...}): its default, 9000 + HTTP port - 8080. */
    public static final Map<String, Integer> MANAGEMENT_PORTS = fixedManagementPorts();

    /**
     * The local run's own settings: karbon-sandbox allows 600 calls a minute per access key (its default, like
     * Karbon, is 120), so the sample firm's first sync takes about a minute, and the services' Karbon allowance
     * ({@code KARBON_BUDGET_PER_MINUTE}) follows it; the environment overrides both.
     */
    static final Map<String, String> LOCAL_RUN_ENV = Map.of(
            "KARBON_RATE_LIMIT_PER_MINUTE", System.getenv().getOrDefault("KARBON_RATE_LIMIT_PER_MINUTE", "600"),
            "KARBON_BUDGET_PER_MINUTE", System.getenv().getOrDefault("KARBON_BUDGET_PER_MINUTE",
                    System.getenv().getOrDefault("KARBON_RATE_LIMIT_PER_MINUTE", "600")));

    /**
     * The settings of one source of Karbon changes: {@code platform} (karbon-sandbox publishes the platform's event
     * stream, as today's default) or {@code webhooks} (Karbon's public API: karbon-sandbox publishes nothing to Kafka
     * and delivers webhook notices, coalesced for {@code coalesce} (Karbon: 60 s), to matching-service, which reads
     * each record and publishes it).
     */
    public static Map<String, String> karbonEvents(String source, String coalesce) {
        return switch (source) {
            case "platform" -> Map.of("KARBON_PLATFORM_EVENTS", "true", "MATCHING_KARBON_EVENTS", "platform");
            case "webhooks" -> Map.of("KARBON_PLATFORM_EVENTS", "false", "MATCHING_KARBON_EVENTS", "webhooks",
                    "KARBON_WEBHOOK_COALESCE", coalesce, "KARBON_WEBHOOK_RETRY_DELAY", "1s");
            default -> throw new IllegalArgumentException("the source of Karbon changes is platform or webhooks, not '"
                    + source + "'");
        };
    }

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int POSTGRES_PORT = 15432;
    public static final int KEYCLOAK_PORT = 8180;

    /**
     * The keys and the XPM app secret of this machine's run (the services have no defaults for them outside dev and
     * tests): the sealing keys of connector-service and matching-service, and xpm-sandbox's registered app.
     */
    public static final Map<String, String> LOCAL_KEYS = Map.of(
            "CONNECTOR_SECRET_KEY", "bG9jYWwtb25seS1jb25uZWN0b3Ita2V5LTMyYnl0ZXM=",
            "MATCHING_SECRET_KEY", "eHBtLXN5bmMtbG9jYWwtZGV2LWtleS0zMi1ieXRlcyE=",
            "XPM_CLIENT_ID", "xpm-sync-local",
            "XPM_CLIENT_SECRET", "xpm-sync-local-secret");

    private final ServiceProcess keycloak;
    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final List<ServiceProcess> services;
    private final Settings settings;
    private final Map<String, String> env;

    private LocalSystem(ServiceProcess keycloak, LocalKafka kafka, LocalPostgres postgres,
                        List<ServiceProcess> services, Settings settings, Map<String, String> env) {
        this.keycloak = keycloak;
        this.kafka = kafka;
        this.postgres = postgres;
        this.services = services;
        this.settings = settings;
        this.env = env;
    }

    /**
     * How to start the system.
     *
     * @param root          the repository root (the services' jars are under {@code <root>/<service>/target})
     * @param dataDir       where Kafka, PostgreSQL and the logs keep their files
     * @param temporary     delete the data on close (tests), or keep it across restarts (local run)
     * @param keycloakPort  the identity provider's port
     * @param servicePorts  service name to port, in start order
     * @param managementPorts  service name to the port of its management interface ({@code /q/...})
     */
    public record Settings(Path root, Path dataDir, boolean temporary, int kafkaPort, int kafkaControllerPort,
                           int postgresPort, int keycloakPort, Map<String, Integer> servicePorts,
                           Map<String, Integer> managementPorts, Map<String, String> extraEnv) {
    }

    public static LocalSystem start(Settings settings) {
        return start(settings, step -> {
        });
    }

    /** As {@link #start(Settings)}, telling {@code progress} what it is doing and how long each part took. */
    public static LocalSystem start(Settings settings, Consumer<String> progress) {
        for (int port : List.of(settings.kafkaPort(), settings.kafkaControllerPort(), settings.postgresPort(),
                settings.keycloakPort())) {
            requireFree(port);
        }
        settings.servicePorts().values().forEach(LocalSystem::requireFree);
        settings.managementPorts().values().forEach(LocalSystem::requireFree);

        ServiceProcess keycloak = null;
        LocalKafka kafka = null;
        LocalPostgres postgres = null;
        List<ServiceProcess> services = new ArrayList<>();
        try {
            long keycloakBegan = System.nanoTime();
            // the identity provider starts beside Kafka and PostgreSQL (it takes longest)
            keycloak = LocalKeycloak.start(settings.root(), settings.keycloakPort(),
                    settings.servicePorts().getOrDefault("console", 8080), settings.dataDir().resolve("logs"));
            long began = System.nanoTime();
            progress.accept("  Keycloak (identity provider) starting; Kafka ...");
            kafka = LocalKafka.start(settings.kafkaPort(), settings.kafkaControllerPort(),
                    settings.dataDir().resolve("kafka"), settings.temporary());
            kafka.createTopics(Topics.ALL, 3);
            progress.accept("  Kafka ready in " + seconds(began) + " s; PostgreSQL ...");
            began = System.nanoTime();
            postgres = LocalPostgres.start(settings.postgresPort(), settings.dataDir().resolve("postgres"),
                    settings.temporary());
            progress.accept("  PostgreSQL ready in " + seconds(began) + " s; Keycloak ...");
            keycloak.awaitReady(Duration.ofSeconds(240));
            progress.accept("  Keycloak ready after " + seconds(keycloakBegan) + " s; starting "
                    + settings.servicePorts().size() + " services: "
                    + String.join(", ", settings.servicePorts().keySet()) + " ...");
            Map<String, String> env = new HashMap<>(wiring(settings.servicePorts()));
            env.putAll(identity(keycloak.baseUrl()));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("DB_JDBC_URL", postgres.jdbcUrl());
            env.put("DB_USERNAME", LocalPostgres.USER);
            env.put("DB_PASSWORD", LocalPostgres.PASSWORD);
            env.putAll(settings.extraEnv());
            Map<String, String> rolePasswords = new HashMap<>();
            DatabaseRoles.SCHEMAS.keySet().forEach(part -> rolePasswords.put(part, DatabaseRoles.localPassword(part)));
            postgres.createServiceRoles(rolePasswords);
            for (Map.Entry<String, Integer> service : settings.servicePorts().entrySet()) {
                services.add(ServiceProcess.start(settings.root(), service.getKey(), service.getKey(),
                        service.getValue(), settings.managementPorts().get(service.getKey()),
                        database(env, service.getKey()), settings.dataDir().resolve("logs")));
            }
            long servicesBegan = System.nanoTime();
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofSeconds(120));
                progress.accept("  " + service.name() + " ready after " + seconds(servicesBegan) + " s");
            }
            return new LocalSystem(keycloak, kafka, postgres, services, settings, env);
        } catch (RuntimeException e) {
            new LocalSystem(keycloak, kafka, postgres, services, settings, Map.of()).close();
            throw e;
        }
    }

    /**
     * A part's environment with its own database role: each service its own, the console none (it keeps no data),
     * the sandboxes the administrator's (they stand in for Xero and Karbon).
     */
    static Map<String, String> database(Map<String, String> env, String part) {
        Map<String, String> own = new HashMap<>(env);
        if (DatabaseRoles.SCHEMAS.containsKey(part)) {
            own.put("DB_USERNAME", DatabaseRoles.role(part));
            own.put("DB_PASSWORD", DatabaseRoles.localPassword(part));
        } else if ("console".equals(part)) {
            own.keySet().removeAll(java.util.List.of("DB_JDBC_URL", "DB_USERNAME", "DB_PASSWORD"));
        }
        return own;
    }

    private static String seconds(long since) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
    }

    /** The identity provider's base URL (its realm is {@link LocalKeycloak#issuer}). */
    public String keycloakUrl() {
        return keycloak.baseUrl();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public synchronized ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** The base URL of each part, by name, in start order (of a service with replicas, its first instance). */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        services().forEach(s -> urls.putIfAbsent(s.name(), s.baseUrl()));
        return urls;
    }

    /**
     * Where each part serves its {@code /q/...} (health, metrics, the OpenAPI document), by name, in start order (of a
     * service with replicas, its first instance).
     */
    public Map<String, String> managementUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        services().forEach(s -> urls.putIfAbsent(s.name(), s.managementUrl()));
        return urls;
    }

    /**
     * Starts one more instance of a service (a replica, as a scaled-out deployment runs it) on a free port with the
     * same settings (and a free management port), and waits until it is ready; it stops with the system. Its log is
     * {@code <name>-<n>.log}.
     */
    public synchronized ServiceProcess startReplica(String name) {
        service(name);
        long instances = services.stream().filter(s -> s.name().equals(name)).count();
        ServiceProcess replica = ServiceProcess.start(settings.root(), name, name + "-" + (instances + 1), Ports.free(),
                Ports.free(), database(env, name), settings.dataDir().resolve("logs"));
        services.add(replica);
        replica.awaitReady(Duration.ofSeconds(120));
        return replica;
    }

    /**
     * Kills a service at once (SIGKILL, as a crash would), starts it again on the same ports with the same settings
     * and waits until it is ready.
     */
    public synchronized ServiceProcess killAndRestart(String name) {
        ServiceProcess old = service(name);
        old.kill();
        ServiceProcess restarted = ServiceProcess.start(settings.root(), name, name, old.port(), old.managementPort(),
                database(env, name), settings.dataDir().resolve("logs"));
        services.set(services.indexOf(old), restarted);
        restarted.awaitReady(Duration.ofSeconds(120));
        return restarted;
    }

    /**
     * Stops the services, all at once (each takes seconds to leave its consumer groups), then Kafka and PostgreSQL;
     * safe to call on a half-started system.
     */
    @Override
    public void close() {
        services().parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /**
     * Where the services find the identity provider, and each its own client secret (the realm file's, for this
     * machine only); the console keeps its cookies off https here, as the local run serves plain http.
     */
    static Map<String, String> identity(String keycloakUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("XPMSYNC_OIDC_URL", LocalKeycloak.issuer(keycloakUrl));
        env.put("PUSH_OIDC_CLIENT_SECRET", LocalKeycloak.CLIENT_SECRETS.get("push-service"));
        env.put("MAPPING_OIDC_CLIENT_SECRET", LocalKeycloak.CLIENT_SECRETS.get("mapping-service"));
        env.put("CONSOLE_OIDC_CLIENT_SECRET", LocalKeycloak.CLIENT_SECRETS.get("xpm-sync-console"));
        env.put("CONSOLE_SECURE_COOKIES", "false");
        env.put("CONNECTOR_SECURE_COOKIES", "false");
        env.putAll(LOCAL_KEYS);
        return env;
    }

    /** How the parts find each other on these ports (each service reads only the variables it knows). */
    static Map<String, String> wiring(Map<String, Integer> ports) {
        Map<String, String> env = new HashMap<>();
        String xpm = "http://127.0.0.1:" + ports.getOrDefault("xpm-sandbox", 8091);
        String connector = "http://127.0.0.1:" + ports.getOrDefault("connector-service", 8081);
        env.put("XPM_API_URL", xpm + "/practicemanager/3.1/");
        env.put("XPM_CONNECTIONS_URL", xpm);
        env.put("XPM_AUTHORIZE_URL", xpm + "/identity/connect/authorize");
        env.put("XPM_IDENTITY_URL", xpm);
        env.put("XPM_REDIRECT_URI", connector + "/xpm/callback");
        env.put("PUSH_CONNECTOR_URL", connector);
        // after Connect, the browser goes back to the console only
        int console = ports.getOrDefault("console", 8080);
        env.put("CONNECTOR_RETURN_ORIGINS", "http://127.0.0.1:" + console + ",http://localhost:" + console);
        // logs a person reads in .local/logs (a deployment logs JSON, with the trace and the firm as fields)
        env.put("XPMSYNC_LOG_JSON", "false");
        // no OpenTelemetry collector runs locally: spans are made (their ids travel) but not sent anywhere
        env.put("XPMSYNC_TRACE_EXPORT_LOG_LEVEL", "OFF");
        // karbon-sandbox stands in for Karbon's API here: its origin exactly, no other port of this machine
        env.put("MATCHING_KARBON_ALLOWED_ORIGINS", "http://127.0.0.1:" + ports.getOrDefault("karbon-sandbox", 8092));
        env.put("MAPPING_MATCHING_URL", "http://127.0.0.1:" + ports.getOrDefault("matching-service", 8082));
        // where karbon-sandbox delivers webhook notices, when webhooks are the source of Karbon changes
        env.put("MATCHING_WEBHOOK_PUBLIC_URL", "http://127.0.0.1:" + ports.getOrDefault("matching-service", 8082));
        env.put("CONSOLE_CONNECTOR_URL", connector);
        env.put("CONSOLE_MATCHING_URL", "http://127.0.0.1:" + ports.getOrDefault("matching-service", 8082));
        env.put("CONSOLE_MAPPING_URL", "http://127.0.0.1:" + ports.getOrDefault("mapping-service", 8083));
        env.put("CONSOLE_PUSH_URL", "http://127.0.0.1:" + ports.getOrDefault("push-service", 8084));
        return env;
    }

    private static void requireFree(int port) {
        if (Ports.inUse(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use: stop what listens there "
                    + "(another local run?) and start again");
        }
    }

    private static Map<String, Integer> fixedManagementPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        fixedPorts().forEach((name, port) -> ports.put(name, 9000 + port - 8080));
        return ports;
    }

    private static Map<String, Integer> fixedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("xpm-sandbox", 8091);
        ports.put("karbon-sandbox", 8092);
        ports.put("connector-service", 8081);
        ports.put("matching-service", 8082);
        ports.put("mapping-service", 8083);
        ports.put("push-service", 8084);
        ports.put("console", 8080);
        return ports;
    }

    /**
     * {@code --root DIR} the repository root (default: the working directory); {@code --fresh} (or
     * {@code --fresh=true}) deletes the data of earlier runs first.
     */
    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--fresh", "--fresh=true" -> fresh = true;
                case "--fresh=false" -> fresh = false;
                default -> {
                    System.err.println("unknown argument " + args[i] + "; use --root DIR and --fresh");
                    System.exit(2);
                }
            }
        }
        Path dataDir = root.resolve(".local");
        if (fresh) {
            Directories.deleteRecursively(dataDir);
        }
        System.out.println("Starting xpm-sync: Keycloak, Kafka, PostgreSQL and " + SERVICES.size() + " services (data in "
                + dataDir + ") ...");
        LocalSystem system = null;
        SampleFirm sample;
        try {
            system = start(new Settings(root, dataDir, false, KAFKA_PORT, KAFKA_CONTROLLER_PORT, POSTGRES_PORT,
                    KEYCLOAK_PORT, SERVICES, MANAGEMENT_PORTS, LOCAL_RUN_ENV), System.out::println);
            long seeding = System.nanoTime();
            System.out.println("  the sample firm (seeded on the first start) ...");
            sample = SampleFirm.ensure(dataDir, system.urls(), system.keycloakUrl());
            System.out.println("  the sample firm ready after " + seconds(seeding) + " s");
        } catch (RuntimeException e) {
            if (system != null) {
                system.close();
            }
            System.err.println("xpm-sync did not start: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LocalSystem started = system;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping xpm-sync ...");
            started.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "xpm-sync-shutdown"));

        System.out.println();
        System.out.println("xpm-sync is running. Press Ctrl-C to stop everything.");
        System.out.printf("  %-18s %s%n", "Kafka", system.kafkaBootstrapServers());
        System.out.printf("  %-18s %s (user %s, password %s)%n", "PostgreSQL", system.jdbcUrl(), LocalPostgres.USER,
                LocalPostgres.PASSWORD);
        System.out.printf("  %-18s %s   realm: %s   administration: %s/admin (%s / %s)%n", "Keycloak",
                system.keycloakUrl(), LocalKeycloak.REALM, system.keycloakUrl(), LocalKeycloak.ADMIN,
                LocalKeycloak.ADMIN_PASSWORD);
        for (ServiceProcess service : system.services()) {
            String metrics = service.name().endsWith("-sandbox") ? "" : "   metrics: " + service.managementUrl()
                    + "/q/metrics";
            System.out.printf("  %-18s %s   ready: %s/q/health/ready%s   API: %s/q/openapi   log: %s%n",
                    service.name(), service.baseUrl(), service.managementUrl(), metrics, service.managementUrl(),
                    root.relativize(service.log()));
        }
        System.out.println();
        System.out.printf("Sample firm %s: a Karbon firm (%s) and an XPM practice (tenant %s) generated to overlap.%n",
                sample.firmId(), sample.country(), sample.tenantId());
        System.out.printf("  XPM sign-in for Connect: %s / %s. The README's walkthrough starts here.%n",
                sample.xpmEmail(), sample.xpmPassword());
        System.out.printf("%nOpen the console: %s/?firm=%s and sign in as %s / %s (%s / %s may only look).%n",
                started.service("console").baseUrl(), sample.firmId(), SampleFirm.USER, SampleFirm.USER_PASSWORD,
                SampleFirm.VIEWER, SampleFirm.USER_PASSWORD);
        stopped.await();
    }
}
