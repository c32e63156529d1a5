package io.xpmsync.push;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.ConsumedChannel;
import io.xpmsync.infra.testing.ServiceBootChecks;

import java.util.List;

/** push-service boots against a real Kafka broker and a real PostgreSQL; see {@link ServiceBootChecks}. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class PushBootTest extends ServiceBootChecks {

    @Override
    protected String consumerGroup() {
        return "push-service";
    }

    @Override
    protected List<ConsumedChannel> consumedChannels() {
        return List.of(
                new ConsumedChannel(Topics.KARBON_CONTACTS_CHANGED, "karbon-contacts", sample(EventType.CONTACT_CHANGED, "karbon-person-minimal.json")),
                new ConsumedChannel(Topics.MAPPINGS_CONFIRMED, "mappings-confirmed", sample(EventType.MAPPING_CONFIRMED, "active-exact.json")),
                new ConsumedChannel(Topics.MATCHES_PROPOSED, "matches-proposed", sample(EventType.MATCH_PROPOSED, "partial-name-only.json")),
                new ConsumedChannel(Topics.SETTINGS, "settings", sample(EventType.SYNC_SETTINGS_CHANGED, "clients-and-contacts.json")));
    }
}
