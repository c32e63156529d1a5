package io.xpmsync.system;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.kafka.TopicSpec;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What must hold whatever happens: a repeated Sync Now does nothing, a service killed in the middle of a large sync
 * loses and doubles nothing, and records no consumer can read are set aside while everything else flows.
 */
@ExtendWith(RunningSystem.class)
class SystemRobustnessTest {

    @Test
    @DisplayName("A second Sync Now with nothing changed publishes no events beyond the run's own and writes to neither system")
    void aSecondSyncNowWithNothingChangedDoesNothing() {
        Firm firm = Firm.create("Repeat").generate(11, 60)
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of("Client")).connect();
        Map<String, Object> first = firm.syncNow();
        assertThat((Integer) first.get("changesPublished")).isPositive();
        // What the first sync wrote into Karbon travels back through push-service: wait until that has settled.
        await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(3)).until(() -> quiet(firm));
        int events = firmEvents(firm.id).size();
        int xpmWrites = firm.xpmWrites().size();
        long karbonWrites = firm.karbonWrites();

        Map<String, Object> second = firm.syncNow();
        assertThat(second).as("XPM writes since the first sync began: %s", firm.xpmWrites())
                .containsEntry("changesPublished", 0)
                .containsEntry("unchanged", (Integer) first.get("changesPublished"));
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(3)).until(() -> quiet(firm));
        assertThat(firmEvents(firm.id)).as("events keyed by the firm").hasSize(events);
        assertThat(firm.xpmWrites()).hasSize(xpmWrites);
        assertThat(firm.karbonWrites()).isEqualTo(karbonWrites);
    }

    @Test
    @DisplayName("mapping-service killed with SIGKILL in the middle of a 2,000-client sync: the run completes, every contact once, no mapping lost or doubled")
    void aServiceKilledInTheMiddleOfALargeSyncLosesAndDoublesNothing() throws SQLException {
        Firm firm = Firm.create("Crash").generate(23, 2_000).settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect();
        int karbonBefore = firm.karbonContacts().size();
        String runId = at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        int published = await().atMost(Duration.ofSeconds(120)).until(() -> at("connector-service")
                        .get("/firms/" + firm.id + "/sync-runs/" + runId).jsonPath().getMap("$"),
                r -> "COMPLETED".equals(r.get("phase")))
                .get("changesPublished") instanceof Integer n ? n : 0;
        assertThat(published).isGreaterThan(2_000);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> firm.outcome(runId).getInt("processed") >= published / 5);

        RunningSystem.system().killAndRestart("mapping-service");

        firm.awaitRun(runId, Duration.ofMinutes(5));
        var outcome = firm.outcome(runId);
        assertThat(outcome.getInt("failed")).isZero();
        assertThat(outcome.getInt("processed")).isEqualTo(published);
        int created = outcome.getInt("created");
        List<ContactSnapshot> karbon = firm.karbonContacts();
        assertThat(karbon).as("every new contact created once").hasSize(karbonBefore + created);
        try (Connection db = RunningSystem.database()) {
            assertThat(count(db, "SELECT count(*) FROM mapping.mapping WHERE firm_id = ? AND state <> 'REMOVED'",
                    firm.id)).as("no mapping lost").isEqualTo(outcome.getInt("exact") + created);
            assertThat(count(db, "SELECT count(*) FROM (SELECT xpm_id FROM mapping.mapping WHERE firm_id = ?"
                    + " AND state <> 'REMOVED' GROUP BY xpm_id HAVING count(*) > 1) d", firm.id)).isZero();
            assertThat(count(db, "SELECT count(*) FROM (SELECT karbon_key FROM mapping.mapping WHERE firm_id = ?"
                    + " AND state <> 'REMOVED' GROUP BY karbon_key HAVING count(*) > 1) d", firm.id)).isZero();
            assertThat(count(db, "SELECT count(*) FROM mapping.partial_match WHERE firm_id = ? AND status = 'OPEN'",
                    firm.id)).isEqualTo(outcome.getInt("partial"));
        }
        Set<String> mappedKarbon = new TreeSet<>(firm.mappings("?size=200&sort=createdAt").getList("items.karbonKey"));
        assertThat(karbon.stream().map(c -> c.ref().id())).containsAll(mappedKarbon);
    }

    @Test
    @DisplayName("connector-service killed with SIGKILL during a Sync Now: the run is taken over and completes, every change applied once")
    void connectorServiceKilledDuringASyncNowLosesAndDoublesNothing() {
        Firm firm = Firm.create("Connector Crash").generate(31, 600)
                .settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect();
        int karbonBefore = firm.karbonContacts().size();
        String runId = at("connector-service").post("/firms/" + firm.id + "/sync-runs").then().statusCode(202)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !"QUEUED".equals(
                at("connector-service").get("/firms/" + firm.id + "/sync-runs/" + runId).jsonPath().getString("phase")));

        RunningSystem.system().killAndRestart("connector-service");

        Map<String, Object> run = firm.awaitRun(runId, Duration.ofMinutes(3));
        var outcome = firm.outcome(runId);
        assertThat(outcome.getInt("failed")).isZero();
        assertThat(outcome.getInt("processed")).isEqualTo(run.get("changesPublished"));
        assertThat(firm.karbonContacts()).as("every new contact created once")
                .hasSize(karbonBefore + outcome.getInt("created"));
    }

    @Test
    @DisplayName("push-service killed with SIGKILL during a burst of Karbon changes: every organization reaches XPM exactly once")
    void pushServiceKilledDuringABurstLosesAndDoublesNothing() {
        Firm firm = Firm.create("Push Crash").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        // Within a minute's XPM allowance of the practice (60), so the time is the crash's, not Xero's limit's.
        int burst = 20;
        for (int i = 0; i < burst; i++) {
            firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Burst Org " + i + " Ltd", "Client",
                    "burst" + i + "@orgs.example"));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> firm.xpmClients().size() >= 3);

        RunningSystem.system().killAndRestart("push-service");

        // The killed instance's calls in flight hold the practice's calls-at-once until their timeout (30 s) passes.
        await().atMost(Duration.ofSeconds(150)).until(() -> firm.xpmClients().size() >= burst);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> firm.xpmClients().size() == burst);
        assertThat(firm.xpmClients()).extracting(c -> c.name()).doesNotHaveDuplicates().hasSize(burst);
        assertThat(firm.xpmWrites().stream().filter(c -> String.valueOf(c.get("path")).endsWith("client.api/add")))
                .as("one add per organization").hasSize(burst);
    }

    @Test
    @DisplayName("Poison records on every topic land on each consumer's dead-letter topic and the pipeline keeps flowing")
    void poisonRecordsOnEveryTopicAreDeadLetteredAndThePipelineKeepsFlowing() throws IOException {
        KafkaTestClient kafka = new KafkaTestClient(RunningSystem.system().kafkaBootstrapServers());
        Map<String, List<String>> deadLetterTopics = deadLetterTopicsByTopic();
        assertThat(deadLetterTopics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream()
                .map(TopicSpec::name).toList());
        String poisonKey = "poison-" + UUID.randomUUID();
        for (String topic : deadLetterTopics.keySet()) {
            kafka.send(topic, poisonKey, "{\"eventId\": not json at all");
        }
        for (Map.Entry<String, List<String>> entry : deadLetterTopics.entrySet()) {
            for (String deadLetters : entry.getValue()) {
                ConsumerRecord<String, String> parked = kafka.awaitRecord(deadLetters, r -> poisonKey.equals(r.key()),
                        Duration.ofSeconds(60));
                assertThat(parked.value()).as(deadLetters).isEqualTo("{\"eventId\": not json at all");
                assertThat(parked.headers().lastHeader("dead-letter-reason")).as(deadLetters).isNotNull();
            }
        }

        Firm firm = Firm.create("After Poison").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        firm.addXpmClient("<Name>Still Flowing Ltd</Name><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        assertThat(firm.karbonContact("Still Flowing Ltd")).isPresent();
        firm.karbon.createOrganization(SeedRulesAcceptanceTest.organization("Pushed After Poison Ltd", "Client",
                "p@after.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> firm.xpmClient("Pushed After Poison Ltd").isPresent());
    }

    /** Every consumed topic and its consumers' dead-letter topics, read from the services' own configuration. */
    private static Map<String, List<String>> deadLetterTopicsByTopic() throws IOException {
        Path root = RunningSystem.root();
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (String service : List.of("connector-service", "matching-service", "mapping-service", "push-service")) {
            for (String line : Files.readAllLines(root.resolve(service + "/src/main/resources/application.properties"))) {
                if (line.startsWith("mp.messaging.incoming.") && line.contains(".dead-letter-queue.topic=")) {
                    String deadLetters = line.substring(line.indexOf('=') + 1).strip();
                    String topic = deadLetters.substring(0, deadLetters.indexOf(".dlq."));
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(deadLetters);
                }
            }
        }
        return byTopic;
    }

    private static boolean quiet(Firm firm) {
        return at("push-service").get("/firms/" + firm.id + "/push-status").jsonPath().getList("waiting").isEmpty();
    }

    private static List<ConsumerRecord<String, String>> firmEvents(String firmId) {
        KafkaTestClient kafka = new KafkaTestClient(RunningSystem.system().kafkaBootstrapServers());
        List<ConsumerRecord<String, String>> events = new ArrayList<>();
        for (String topic : Topics.ALL.stream().map(TopicSpec::name).toList()) {
            kafka.readAll(topic, Duration.ofMillis(500)).stream().filter(r -> firmId.equals(r.key())).forEach(events::add);
        }
        return events;
    }

    private static int count(Connection db, String sql, String firmId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, firmId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
