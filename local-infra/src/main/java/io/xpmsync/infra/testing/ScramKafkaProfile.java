package io.xpmsync.infra.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.xpmsync.infra.ScramKafkaTestResource;

import java.util.List;
import java.util.Map;

/**
 * A test profile running the service against Kafka secured as in production ({@link ScramKafkaTestResource}): it
 * signs in with SCRAM as its own Kafka user and may do only what that user's ACLs in deploy/base/kafka-users.yaml
 * allow. A service's boot checks extended with this profile run every check over it.
 */
public abstract class ScramKafkaProfile implements QuarkusTestProfile {

    private final String user;
    private final boolean database;

    protected ScramKafkaProfile(String user, boolean database) {
        this.user = user;
        this.database = database;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScramKafkaTestResource.class, Map.of("user", user, "database",
                String.valueOf(database))));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
