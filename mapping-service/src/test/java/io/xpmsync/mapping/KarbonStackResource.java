package io.xpmsync.mapping;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.ProcessBesideTest;

import java.util.Map;

/**
 * The Karbon side mapping-service works with, as their own processes on the test's Kafka and PostgreSQL: the packaged
 * karbon-sandbox (the Karbon API) and matching-service (the owner of the firms' Karbon credentials, whose Karbon proxy mapping-service calls through). Started on first
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
        return Map.of("mapping.karbon.matching-url", "http://127.0.0.1:" + matchingPort);
    }

    public static synchronized ServiceProcess karbon() {
        if (karbon == null) {
            karbon = ProcessBesideTest.start("karbon-sandbox", karbonPort, Map.of());
        }
        return karbon;
    }

    public static synchronized ServiceProcess matching() {
        if (matching == null) {
            // the sandbox stands in for Karbon's API: its origin is the one a firm's connection may name
            matching = ProcessBesideTest.start("matching-service", matchingPort,
                    Map.of("MATCHING_KARBON_ALLOWED_ORIGINS", "http://127.0.0.1:" + karbonPort));
        }
        return matching;
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
