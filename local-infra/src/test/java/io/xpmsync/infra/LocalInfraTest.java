package io.xpmsync.infra;

import io.xpmsync.contracts.kafka.TopicSpec;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void each_service_role_owns_its_schema_shares_the_allowances_and_reads_nothing_else() throws Exception {
        java.util.Map<String, String> passwords = new java.util.HashMap<>();
        DatabaseRoles.SCHEMAS.keySet().forEach(part -> passwords.put(part, DatabaseRoles.localPassword(part)));
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER,
                LocalPostgres.PASSWORD); java.sql.Statement s = admin.createStatement()) {
            // a table made before the roles existed (an older local run) passes to the schema's role
            s.execute("CREATE SCHEMA IF NOT EXISTS push");
            s.execute("CREATE TABLE push.older (id INT)");
            // and mapping-service's outbox publication
            s.execute("CREATE SCHEMA IF NOT EXISTS mapping");
            s.execute("CREATE TABLE mapping.outbox_event (id INT)");
            s.execute("CREATE PUBLICATION older_outbox FOR TABLE mapping.outbox_event");
        }
        postgres.createServiceRoles(passwords);
        postgres.createServiceRoles(passwords); // again: nothing changes, nothing fails

        try (Connection connector = as("connector-service"); java.sql.Statement s = connector.createStatement()) {
            s.execute("CREATE TABLE connector.mine (firm_id VARCHAR(10))");
            s.execute("INSERT INTO connector.mine VALUES ('a')");
            s.execute("CREATE TABLE IF NOT EXISTS api_budget.shared (id INT)");
            s.execute("INSERT INTO api_budget.shared VALUES (1)");
            assertThatThrownBy(() -> s.execute("CREATE TABLE mapping.theirs (id INT)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("CREATE TABLE public.anyones (id INT)"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection push = as("push-service"); java.sql.Statement s = push.createStatement()) {
            try (java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM api_budget.shared")) {
                r.next();
                assertThat(r.getInt(1)).as("the allowances one service made, another uses").isEqualTo(1);
            }
            s.execute("UPDATE api_budget.shared SET id = 2");
            s.execute("INSERT INTO push.older VALUES (1)");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM connector.mine"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER,
                LocalPostgres.PASSWORD); java.sql.Statement s = admin.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT rolreplication FROM pg_roles WHERE rolname = 'xpmsync_mapping'")) {
            assertThat(r.next() && r.getBoolean(1)).as("mapping-service reads its outbox by logical replication")
                    .isTrue();
        }
        try (Connection mapping = as("mapping-service"); java.sql.Statement s = mapping.createStatement()) {
            s.execute("ALTER PUBLICATION older_outbox SET (publish = 'insert')");
        }
    }

    private static Connection as(String service) throws java.sql.SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), DatabaseRoles.role(service),
                DatabaseRoles.localPassword(service));
    }

    @Test
    void a_scram_user_signs_in_and_may_do_only_what_its_acls_allow() throws Exception {
        try (LocalKafka secured = LocalKafka.startTemporaryWithScram()) {
            secured.createTopics(List.of(TopicSpec.timeRetained("allowed.v1"), TopicSpec.timeRetained("other.v1")), 1);
            org.apache.kafka.common.resource.ResourcePattern allowed = new org.apache.kafka.common.resource
                    .ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC, "allowed.v1",
                    org.apache.kafka.common.resource.PatternType.LITERAL);
            secured.addScramUser("reader", "pw-reader", List.of(new org.apache.kafka.common.acl.AclBinding(allowed,
                    new org.apache.kafka.common.acl.AccessControlEntry("User:reader", "*",
                            org.apache.kafka.common.acl.AclOperation.WRITE,
                            org.apache.kafka.common.acl.AclPermissionType.ALLOW))));
            Map<String, Object> client = new java.util.HashMap<>(secured.scramClient("reader", "pw-reader"));
            client.put("key.serializer", StringSerializer.class.getName());
            client.put("value.serializer", StringSerializer.class.getName());
            client.put("max.block.ms", "10000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client)) {
                producer.send(new ProducerRecord<>("allowed.v1", "k", "v")).get(30, TimeUnit.SECONDS);
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("other.v1", "k", "v"))
                        .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
                        org.apache.kafka.common.errors.TopicAuthorizationException.class);
            }
            client.putAll(secured.scramClient("reader", "not-the-password"));
            try (KafkaProducer<String, String> wrong = new KafkaProducer<>(client)) {
                assertThatThrownBy(() -> wrong.send(new ProducerRecord<>("allowed.v1", "k", "v"))
                        .get(30, TimeUnit.SECONDS)).satisfies(e -> {
                            Throwable cause = e;
                            while (cause.getCause() != null
                                    && !(cause instanceof org.apache.kafka.common.errors.SaslAuthenticationException)) {
                                cause = cause.getCause();
                            }
                            assertThat(cause).isInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
                        });
            }
        }
    }
}
