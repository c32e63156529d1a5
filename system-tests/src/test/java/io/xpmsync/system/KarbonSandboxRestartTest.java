package io.xpmsync.system;

import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.LocalKafka;
import io.xpmsync.infra.LocalPostgres;
import io.xpmsync.infra.Ports;
import io.xpmsync.infra.ServiceProcess;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Karbon platform never loses a contact event: changes committed while the relay could not publish them (here it
 * is held back, then the process is killed with SIGKILL) are published once the sandbox is back, each exactly once.
 */
class KarbonSandboxRestartTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalKafka kafka;
    private static LocalPostgres postgres;
    private static Path logs;
    private static Path root;

    @BeforeAll
    static void infrastructure() throws Exception {
        kafka = LocalKafka.startTemporary();
        kafka.createTopics(Topics.ALL, 3);
        postgres = LocalPostgres.startTemporary();
        logs = Files.createTempDirectory("xpmsync-restart-logs-");
        root = RunningSystem.root();
    }

    @AfterAll
    static void stop() {
        kafka.close();
        postgres.close();
    }

    @Test
    void events_committed_before_a_crash_are_published_after_the_restart_exactly_once() throws Exception {
        int port = Ports.free();
        ServiceProcess held = start(port, "1h");
        String firm = "firm-" + UUID.randomUUID();
        post(port, "/admin/firms", "{\"firmId\":\"" + firm + "\",\"contactTypes\":[\"Client\"]}");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "Crash Test " + i + " " + UUID.randomUUID();
            names.add(name);
            post(port, "/admin/firms/" + firm + "/organizations", "{\"FullName\":\"" + name + "\"}");
        }
        assertThat(unpublished(firm)).as("held back in the outbox when the process dies").isEqualTo(3);
        held.kill();

        ServiceProcess restarted = start(port, "0.2s");
        try {
            KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
            for (String name : names) {
                client.awaitRecord(Topics.KARBON_CONTACTS_CHANGED, r -> r.value().contains(name), Duration.ofSeconds(60));
            }
            List<ConsumerRecord<String, String>> all = client.readAll(Topics.KARBON_CONTACTS_CHANGED,
                    Duration.ofSeconds(2));
            for (String name : names) {
                assertThat(all).filteredOn(r -> r.value().contains(name)).hasSize(1);
            }
            assertThat(all).filteredOn(r -> r.value().contains(names.get(0))).first()
                    .extracting(ConsumerRecord::key).isEqualTo(firm);
        } finally {
            restarted.close();
        }
    }

    private static int unpublished(String firm) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
             var s = c.prepareStatement("SELECT count(*) FROM karbon_sandbox.outbox_event "
                     + "WHERE aggregate_id = ? AND published_at IS NULL")) {
            s.setString(1, firm);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static ServiceProcess start(int port, String pollInterval) {
        ServiceProcess sandbox = ServiceProcess.start(root, "karbon-sandbox", port, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "DB_JDBC_URL", postgres.jdbcUrl(),
                "KARBON_OUTBOX_POLL_INTERVAL", pollInterval), logs);
        sandbox.awaitReady(Duration.ofSeconds(90));
        return sandbox;
    }

    private static void post(int port, String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
