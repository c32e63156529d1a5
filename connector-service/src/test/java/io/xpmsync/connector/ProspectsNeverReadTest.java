package io.xpmsync.connector;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.infra.RealInfraTestResource;
import io.xpmsync.messaging.Outbox;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A practice larger than a run's {@code client.api/get} lookups (none here, CONNECTOR_POLL_GET_LOOKUPS 0), listing as
 * Xero's example does: xpm-sync never learns which clients are prospects, yet a prospect converted to a client is
 * recognised as that prospect, not announced as a new client beside it.
 */
@QuarkusTest
@TestProfile(ProspectsNeverReadTest.NoLookups.class)
@WithTestResource(value = RealInfraTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = XpmSandboxResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProspectsNeverReadTest {

    public static class NoLookups implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connector.poll.get-lookups", "0");
        }
    }

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aProspectNeverKnownAsOneIsStillRecognisedWhenConverted() {
        XpmPractice p = XpmPractice.create("Unread Prospects").settings("CLIENTS_AND_CONTACTS", "Client", List.of())
                .connect("NZ").listingAsXerosExample();
        String prospect = p.addClient("<Client><Name>Matai Motors Ltd</Name><BusinessStructure>Company"
                + "</BusinessStructure><IsProspect>Yes</IsProspect></Client>");
        assertThat(p.syncNow()).containsEntry("xpmCalls", 1);
        int before = XpmEvents.published(kafka, outbox, p.firmId).size();

        String client = p.convertProspect(prospect);
        Map<String, Object> run = p.syncNow();

        List<ContactChanged> events = XpmEvents.published(kafka, outbox, p.firmId);
        assertThat(events.subList(before, events.size())).singleElement().satisfies(converted -> {
            assertThat(converted.contact().ref()).isEqualTo(ContactRef.xpmClient(client));
            assertThat(converted.change()).isEqualTo(ChangeKind.CREATED);
            assertThat(converted.convertedFrom()).isEqualTo(ContactRef.xpmClient(prospect));
        });
        assertThat(run).containsEntry("changesPublished", 1);
    }
}
