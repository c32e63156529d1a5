package io.xpmsync.matching;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.infra.Ports;

import java.util.Map;

/**
 * The port the tests' karbon-sandbox listens on, chosen before the service starts so that its origin, exactly, is the
 * one a firm's Karbon connection may name here (besides Karbon's own).
 */
public class KarbonSandboxOrigin implements QuarkusTestResourceLifecycleManager {

    static final int PORT = Ports.free();

    @Override
    public Map<String, String> start() {
        return Map.of("matching.karbon.allowed-origins", "https://api.karbonhq.com,http://127.0.0.1:" + PORT);
    }

    @Override
    public void stop() {
    }
}
