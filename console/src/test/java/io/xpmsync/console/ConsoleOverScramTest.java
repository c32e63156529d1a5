package io.xpmsync.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.xpmsync.contracts.GoldenSamples;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;
import io.xpmsync.infra.testing.ScramKafkaProfile;
import io.xpmsync.infra.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console signing in to Kafka with SCRAM-SHA-512 as its own Kafka user, allowed only what its KafkaUser in
 * deploy/base/kafka-users.yaml allows: its activity feed still reads every topic it shows.
 */
@QuarkusTest
@TestProfile(ConsoleOverScramTest.Scram.class)
class ConsoleOverScramTest {

    public static class Scram extends ScramKafkaProfile {
        public Scram() {
            super("console", false);
        }
    }

    @ConfigProperty(name = "xpmsync.test.kafka-admin")
    String admin;

    @Test
    void theActivityFeedReadsItsTopicsAsItsOwnKafkaUser() {
        KafkaTestClient client = new KafkaTestClient(admin);
        String firm = "firm-acme-au"; // the golden samples' firm
        String person = TestTokens.person(List.of(firm), "firm-reader");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            client.send(Topics.MATCHES_PROPOSED, firm, ConsoleTest.withNewId(GoldenSamples.one(
                    EventType.MATCH_PROPOSED, "partial-name-only.json")));
            return !RestAssured.given().auth().oauth2(person).get("/api/firms/" + firm + "/activity").jsonPath()
                    .getList("$").isEmpty();
        });
        client.send(Topics.PUSHES_COMPLETED, firm, ConsoleTest.withNewId(GoldenSamples.one(EventType.CONTACT_PUSHED,
                "created.json")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(RestAssured.given().auth()
                .oauth2(person).get("/api/firms/" + firm + "/activity").jsonPath().<String>getList("kind"))
                .contains("match", "push"));
    }
}
