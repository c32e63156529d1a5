package io.xpmsync.infra.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import io.xpmsync.contracts.GoldenSamples;
import io.xpmsync.contracts.kafka.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What every service and sandbox must do from its first day, checked against the real broker and database: be ready
 * only when Kafka and PostgreSQL are, serve its OpenAPI document, send poison records to its dead-letter topics and
 * keep consuming, and process each event once; its {@code /q/...} only on its management interface. A service's
 * {@code @QuarkusTest} extends this class.
 */
public abstract class ServiceBootChecks {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    /** The management interface's {@code /q/} (its own port: {@code quarkus.management.test-port=0}). */
    @TestHTTPResource(management = true)
    URL management;

    /** The consumer group, which also names the dead-letter topics. */
    protected abstract String consumerGroup();

    /** The incoming channels; empty for a service that consumes nothing. */
    protected abstract List<ConsumedChannel> consumedChannels();

    /** Whether the service talks to Kafka at all (the XPM sandbox does not). */
    protected boolean usesKafka() {
        return true;
    }

    /** The tests' own client: the administrator's listener where the service signs in as a user of its own. */
    protected KafkaTestClient kafka() {
        var config = ConfigProvider.getConfig();
        return new KafkaTestClient(config.getOptionalValue("xpmsync.test.kafka-admin", String.class)
                .orElseGet(() -> config.getValue("kafka.bootstrap.servers", String.class)));
    }

    /** A request to the management interface, where {@code /q/...} is served. */
    protected RequestSpecification management() {
        return given().port(management.getPort());
    }

    @Test
    void readiness_reports_the_database_and_kafka_up() {
        var response = management().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
        if (usesKafka()) {
            response.body("checks.name", hasItem("Kafka connection health check"));
        }
    }

    @Test
    void liveness_is_up() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void the_openapi_document_is_served() {
        management().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    @Test
    void q_is_not_served_on_the_http_port() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/openapi", "/q/metrics", "/q/swagger-ui/")) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void flyway_created_the_service_schema() throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE success")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_topic_and_consuming_goes_on() {
        for (ConsumedChannel channel : consumedChannels()) {
            String poison = "{\"this is\": not json " + UUID.randomUUID();
            kafka().send(channel.topic(), "firm-poison", poison);
            UUID next = UUID.randomUUID();
            kafka().send(channel.topic(), "firm-acme-au", withEventId(channel.sample(), next));

            ConsumerRecord<String, String> dead = kafka().awaitRecord(
                    Topics.deadLetter(channel.topic(), consumerGroup()),
                    r -> poison.equals(r.value()), Duration.ofSeconds(60));
            assertThat(dead.key()).isEqualTo("firm-poison");
            assertThat(header(dead, "dead-letter-reason")).contains("not well-formed JSON");
            await().atMost(Duration.ofSeconds(60)).until(() -> timesProcessed(channel.consumer(), next) == 1);
        }
    }

    @Test
    void an_event_delivered_twice_is_processed_once() {
        for (ConsumedChannel channel : consumedChannels()) {
            UUID eventId = UUID.randomUUID();
            String payload = withEventId(channel.sample(), eventId);
            kafka().send(channel.topic(), "firm-acme-au", payload);
            kafka().send(channel.topic(), "firm-acme-au", payload);
            UUID marker = UUID.randomUUID();
            kafka().send(channel.topic(), "firm-acme-au", withEventId(channel.sample(), marker));

            // Records of one key are consumed in order: once the marker is processed, both copies have been seen.
            await().atMost(Duration.ofSeconds(60)).until(() -> timesProcessed(channel.consumer(), marker) == 1);
            assertThat(timesProcessed(channel.consumer(), eventId)).isEqualTo(1);
        }
    }

    /** A golden sample of {@code channel}'s event type, by file name. */
    protected static String sample(io.xpmsync.contracts.events.EventType type, String name) {
        return GoldenSamples.one(type, name);
    }

    private int timesProcessed(String consumer, UUID eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?")) {
            s.setString(1, consumer);
            s.setObject(2, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String withEventId(String sample, UUID eventId) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(sample);
            json.put("eventId", eventId.toString());
            return JSON.writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
