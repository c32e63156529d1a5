package io.xpmsync.infra;

import io.xpmsync.contracts.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfraTest {

    private static LocalKafka kafka;
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.startTemporary();
        postgres = LocalPostgres.startTemporary();
    }

    @AfterAll
    static void stop() {
        kafka.close();
        postgres.close();
    }

    @Test
    void kafka_round_trips_a_keyed_record() throws Exception {
        String topic = "local-infra.roundtrip";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "firm-1", "hello")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("firm-1", "hello"));
        }
    }

    @Test
    void topics_are_created_with_their_cleanup_policy() throws Exception {
        kafka.createTopics(Topics.ALL, 3);
        kafka.createTopics(Topics.ALL, 3);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConfigResource settings = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SETTINGS);
            ConfigResource changes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.XPM_CONTACTS_CHANGED);
            var configs = admin.describeConfigs(List.of(settings, changes)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(settings).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(changes).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(admin.describeTopics(List.of(Topics.MATCHES_PROPOSED)).allTopicNames().get()
                    .get(Topics.MATCHES_PROPOSED).partitions()).hasSize(3);
        }
    }

    @Test
    void postgres_runs_with_logical_replication() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void kafka_and_postgres_keep_their_data_across_a_restart() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("xpmsync-restart-");
        int kafkaPort = Ports.free();
        int controllerPort = Ports.free();
        int pgPort = Ports.free();
        try (LocalKafka first = LocalKafka.start(kafkaPort, controllerPort, dir.resolve("kafka"), false);
             LocalPostgres pg = LocalPostgres.start(pgPort, dir.resolve("pg"), false)) {
            first.createTopics(Topics.ALL, 3);
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
                c.createStatement().execute("CREATE TABLE kept (id int)");
            }
        }
        try (LocalKafka second = LocalKafka.start(kafkaPort, controllerPort, dir.resolve("kafka"), true);
             LocalPostgres pg = LocalPostgres.start(pgPort, dir.resolve("pg"), true);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()));
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.SETTINGS);
            assertThat(c.createStatement().executeQuery("SELECT count(*) FROM kept").next()).isTrue();
        }
    }
}
