package io.xpmsync.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Quarkus service running as its own JVM, as it would in production, with its log in a file: its API on one port,
 * its {@code /q} (health, metrics, the OpenAPI document) on another, the management port.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Every service this JVM started and has not stopped: they stop with it, even when it is told to stop early. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopAll, "xpm-sync-services-stop"));
    }

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final String readyPath;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log, String readyPath) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.readyPath = readyPath;
    }

    /**
     * Starts {@code <root>/<name>/target/quarkus-app/quarkus-run.jar} listening on 127.0.0.1:{@code port}, its
     * management interface on a free port.
     *
     * @param env  settings for the service, as environment variables
     */
    public static ServiceProcess start(Path root, String name, int port, Map<String, String> env, Path logDir) {
        return start(root, name, name, port, Ports.free(), env, logDir);
    }

    /**
     * As {@link #start(Path, String, int, Map, Path)}, with its management interface on {@code managementPort}, for
     * one more instance of a service: {@code instance} names its log file ({@code <instance>.log}).
     */
    public static ServiceProcess start(Path root, String name, String instance, int port, int managementPort,
                                       Map<String, String> env, Path logDir) {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the project first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        Map<String, String> settings = new java.util.HashMap<>(env);
        settings.put("HTTP_PORT", String.valueOf(port));
        settings.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        settings.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        settings.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        return startCommand(name, instance, command, root.resolve(name), settings, port, managementPort,
                "/q/health/ready", logDir);
    }

    /**
     * Starts any server process ({@code command} in {@code directory}) that listens on 127.0.0.1:{@code port} and is
     * ready once {@code readyPath} answers 200 on {@code managementPort} (which may be {@code port} itself); it stops
     * with this JVM like the services do.
     */
    static ServiceProcess startCommand(String name, String instance, List<String> command, Path directory,
                                       Map<String, String> env, int port, int managementPort, String readyPath,
                                       Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(instance + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return new ServiceProcess(name, port, managementPort, process, log, readyPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * The JVM options of every service process: {@code -Dxpmsync.service-jvm="…"} (whitespace-separated), or by default
     * a small heap and the C1 compiler only ({@code -Xmx256m -XX:TieredStopAtLevel=1}), which start fastest for tests.
     * Benchmarks of throughput pass production options instead (see system-tests' README).
     */
    public static List<String> jvmOptions() {
        String options = System.getProperty("xpmsync.service-jvm", "-Xmx256m -XX:TieredStopAtLevel=1").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** CPU time the service's process has used so far (all its threads), as the operating system counts it. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Asks every running service to stop (SIGTERM), and kills what has not stopped after 20 s. */
    private static void stopAll() {
        RUNNING.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Process process : RUNNING) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** Where its {@code /q/...} is served (health, metrics, the OpenAPI document): not on {@link #baseUrl()}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code /q/health/ready} on its management port (or its own ready path) answers 200, or fails with
     * the end of its log.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + readyPath))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; its log ends:\n"
                        + tail());
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; its log ends:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would: no shutdown hooks, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the service to stop (SIGTERM, Quarkus shuts down gracefully), and kills it if it has not after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
