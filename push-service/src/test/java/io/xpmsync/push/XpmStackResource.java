package io.xpmsync.push;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.ProcessBesideTest;

import java.util.Map;

/**
 * The XPM side push-service works with, as their own processes on the test's Kafka and PostgreSQL: the packaged
 * xpm-sandbox and connector-service (the one refresher of XPM tokens). Started on first use, stopped with the tests.
 */
public class XpmStackResource implements QuarkusTestResourceLifecycleManager {

    private static int sandboxPort;
    private static int connectorPort;
    private static ServiceProcess sandbox;
    private static ServiceProcess connector;

    @Override
    public Map<String, String> start() {
        sandboxPort = Ports.free();
        connectorPort = Ports.free();
        return Map.of("push.xpm-timeout", "2s", "push.connector-url", "http://127.0.0.1:" + connectorPort,
                "push.xpm-api-url", "http://127.0.0.1:" + sandboxPort + "/practicemanager/3.1/");
    }

    public static synchronized ServiceProcess sandbox() {
        if (sandbox == null) {
            sandbox = start("xpm-sandbox", sandboxPort, Map.of());
        }
        return sandbox;
    }

    public static synchronized ServiceProcess connector() {
        if (connector == null) {
            String base = sandbox().baseUrl();
            connector = start("connector-service", connectorPort, Map.of(
                    "XPM_API_URL", base + "/practicemanager/3.1/",
                    "XPM_CONNECTIONS_URL", base,
                    "XPM_AUTHORIZE_URL", base + "/identity/connect/authorize",
                    "XPM_IDENTITY_URL", base,
                    "XPM_REDIRECT_URI", "http://127.0.0.1:" + connectorPort + "/xpm/callback"));
        }
        return connector;
    }

    private static ServiceProcess start(String name, int port, Map<String, String> extra) {
        return ProcessBesideTest.start(name, port, extra);
    }

    @Override
    public synchronized void stop() {
        if (connector != null) {
            connector.close();
            connector = null;
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
