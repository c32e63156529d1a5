package io.xpmsync.push;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.xpmsync.infra.testing.ScramKafkaProfile;

/**
 * Every boot check of {@link PushBootTest} again, with push-service signing in to Kafka with SCRAM-SHA-512 as its own
 * Kafka user, allowed only what its KafkaUser in deploy/base/kafka-users.yaml allows (nothing else, no topic made on
 * the fly): the settings an operator gives it (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*) reach every client it has.
 */
@QuarkusTest
@TestProfile(PushOverScramTest.Scram.class)
class PushOverScramTest extends PushBootTest {

    public static class Scram extends ScramKafkaProfile {
        public Scram() {
            super("push-service", true);
        }
    }
}
