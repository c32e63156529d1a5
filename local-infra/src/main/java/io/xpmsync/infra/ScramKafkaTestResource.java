package io.xpmsync.infra;

import io.xpmsync.contracts.kafka.TopicSpec;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaUserAcls;
import io.xpmsync.infra.testing.TestTokens;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test resource that runs the service under test against Kafka as a production cluster secures it: it signs in
 * with SCRAM-SHA-512 as the Kafka user named by the init argument {@code user}, which is allowed exactly what that
 * part's KafkaUser in {@code deploy/base/kafka-users.yaml} allows, and every topic exists beforehand (nothing is
 * created on the fly). The service's settings are the ones an operator sets ({@code kafka.security.protocol},
 * {@code kafka.sasl.*}); {@code xpmsync.test.kafka-admin} is the administrator's plain listener, for the test's own
 * clients. A real PostgreSQL beside it, as {@link RealInfraTestResource} gives (init argument {@code database=false}:
 * none, for the console).
 */
public class ScramKafkaTestResource extends RealInfraTestResource {

    private String user;
    private boolean database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = !"false".equals(initArgs.get("database"));
        user = initArgs.get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("ScramKafkaTestResource needs the init argument 'user' (a KafkaUser)");
        }
    }

    @Override
    public Map<String, String> start() {
        kafka = LocalKafka.startTemporaryWithScram();
        List<AclBinding> acls = KafkaUserAcls.of(user);
        List<TopicSpec> topics = new ArrayList<>(Topics.ALL);
        acls.stream().map(AclBinding::pattern)
                .filter(p -> p.resourceType() == ResourceType.TOPIC && p.patternType() == PatternType.LITERAL)
                .map(p -> p.name()).filter(name -> Topics.ALL.stream().noneMatch(t -> t.name().equals(name)))
                .distinct().forEach(name -> topics.add(TopicSpec.timeRetained(name)));
        kafka.createTopics(topics, 3);
        String password = "scram-" + user;
        kafka.addScramUser(user, password, acls);

        Map<String, String> config = new HashMap<>();
        kafka.scramClient(user, password).forEach((name, value) -> config.put("kafka." + name, value));
        config.put("xpmsync.test.kafka-admin", kafka.bootstrapServers());
        if (database) {
            postgres = LocalPostgres.startTemporary();
            config.putAll(postgres.quarkusConfig());
        }
        config.putAll(TestTokens.serviceConfig());
        return config;
    }
}
