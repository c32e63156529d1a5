package io.xpmsync.matching;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.xpmsync.infra.testing.ScramKafkaProfile;

/**
 * Every boot check of {@link MatchingBootTest} again, with matching-service signing in to Kafka with SCRAM-SHA-512 as its own
 * Kafka user, allowed only what its KafkaUser in deploy/base/kafka-users.yaml allows (nothing else, no topic made on
 * the fly): the settings an operator gives it (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*) reach every client it has.
 */
@QuarkusTest
@TestProfile(MatchingOverScramTest.Scram.class)
class MatchingOverScramTest extends MatchingBootTest {

    public static class Scram extends ScramKafkaProfile {
        public Scram() {
            super("matching-service", true);
        }
    }
}
