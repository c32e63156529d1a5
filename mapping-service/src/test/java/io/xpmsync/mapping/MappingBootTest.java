package io.xpmsync.mapping;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.ConsumedChannel;
import io.xpmsync.infra.testing.ServiceBootChecks;

import java.util.List;

/** mapping-service boots against a real Kafka broker and a real PostgreSQL; see {@link ServiceBootChecks}. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class MappingBootTest extends ServiceBootChecks {

    @Override
    protected String consumerGroup() {
        return "mapping-service";
    }

    @Override
    protected List<ConsumedChannel> consumedChannels() {
        return List.of(
                new ConsumedChannel(Topics.MATCHES_PROPOSED, "matches-proposed", sample(EventType.MATCH_PROPOSED, "partial-name-only.json")),
                new ConsumedChannel(Topics.PUSHES_COMPLETED, "pushes-completed", sample(EventType.CONTACT_PUSHED, "created.json")),
                new ConsumedChannel(Topics.SETTINGS, "settings", sample(EventType.SYNC_SETTINGS_CHANGED, "clients-and-contacts.json")));
    }
}
