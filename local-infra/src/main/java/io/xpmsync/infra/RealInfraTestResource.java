package io.xpmsync.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.TestTokens;

import java.util.HashMap;
import java.util.Map;

/**
 * The global test resource of every {@code @QuarkusTest}: a real Kafka broker and a real PostgreSQL, started once per
 * test JVM and stopped with it. {@code KAFKA_BOOTSTRAP_SERVERS} and {@code DB_JDBC_URL} (with {@code DB_USERNAME} and
 * {@code DB_PASSWORD}) point the tests at existing infrastructure instead. The services under test accept the tokens of
 * {@link TestTokens}, which every RestAssured request is given ({@link io.xpmsync.infra.testing.TestTokensCallback}).
 */
public class RealInfraTestResource implements QuarkusTestResourceLifecycleManager {

    /** What this resource started (and stops); null where existing infrastructure is used. */
    protected LocalKafka kafka;
    protected LocalPostgres postgres;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            kafka = LocalKafka.startTemporary();
            bootstrap = kafka.bootstrapServers();
        }
        LocalKafka.createTopics(bootstrap, Topics.ALL, 3);
        config.put("kafka.bootstrap.servers", bootstrap);

        String jdbcUrl = System.getenv("DB_JDBC_URL");
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            postgres = LocalPostgres.startTemporary();
            config.putAll(postgres.quarkusConfig());
        }
        // services check bearer tokens: these tests' own (see TestTokens), which TestTokensCallback adds to every
        // RestAssured request
        config.putAll(TestTokens.serviceConfig());
        return config;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
