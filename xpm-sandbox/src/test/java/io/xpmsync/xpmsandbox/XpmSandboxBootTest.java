package io.xpmsync.xpmsandbox;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.xpmsync.contracts.events.EventType;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.infra.testing.ConsumedChannel;
import io.xpmsync.infra.testing.ServiceBootChecks;

import java.util.List;

/** xpm-sandbox boots against a real Kafka broker and a real PostgreSQL; see {@link ServiceBootChecks}. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class XpmSandboxBootTest extends ServiceBootChecks {

    @Override
    protected String consumerGroup() {
        return "xpm-sandbox";
    }

    @Override
    protected List<ConsumedChannel> consumedChannels() {
        return List.of();
    }

    @Override
    protected boolean usesKafka() {
        return false;
    }
}
