package io.xpmsync.system;

import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.EventCodec;
import io.xpmsync.contracts.events.PushOutcome;
import io.xpmsync.contracts.kafka.Topics;
import io.xpmsync.infra.testing.KafkaTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The full loop with every service running as its own process on real Kafka and PostgreSQL: a change made in XPM
 * reaches Karbon and its Karbon event causes no XPM write; a change made in Karbon reaches XPM and the next XPM poll
 * causes no Karbon write.
 */
@ExtendWith(RunningSystem.class)
class SyncLoopTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void changesTravelEachWayOnceAndDieOut() throws Exception {
        Firm firm = Firm.create("Loop Accounting").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();

        // A client made in XPM reaches Karbon ...
        String uuid = firm.addXpmClient("<Name>Loop Ltd</Name><Email>office@loop.example</Email>"
                + "<Phone>09 555 0100</Phone><BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        OrganizationDto org = await().atMost(Duration.ofSeconds(60)).until(() -> firm.karbon.listOrganizations(
                "FullName eq 'Loop Ltd'"), l -> l.size() == 1).stream().findFirst()
                .map(o -> firm.karbon.getOrganization(o.organizationKey())).orElseThrow();
        assertThat(org.contactType()).isEqualTo("Client");
        assertThat(org.businessCards().get(0).emailAddresses()).containsExactly("office@loop.example");

        // ... and its Karbon event causes no XPM write.
        KafkaTestClient kafka = new KafkaTestClient(RunningSystem.system().kafkaBootstrapServers());
        ContactPushed echo = CODEC.decode(kafka.awaitRecord(Topics.PUSHES_COMPLETED, r -> firm.id.equals(r.key())
                && r.value().contains(org.organizationKey()), Duration.ofSeconds(90)).value(), ContactPushed.class);
        assertThat(echo.outcome()).as(echo.reason()).isEqualTo(PushOutcome.UNCHANGED);
        assertThat(firm.xpmWrites()).isEmpty();
        assertThat(firm.xpmClients()).hasSize(1);

        // A change made in Karbon reaches XPM ...
        BusinessCardDto card = org.businessCards().get(0);
        firm.karbon.replaceOrganization(org.organizationKey(), new OrganizationRequest("Loop Holdings Ltd", "Client",
                null, null, List.of(new BusinessCardDto(card.businessCardKey(), "Organization",
                org.organizationKey(), true, null, null, card.emailAddresses(), card.phoneNumbers(), card.addresses(), null))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Loop Holdings Ltd".equals(firm.xpmClients().get(0).name()));
        assertThat(firm.xpmWrites()).hasSize(1);
        String modified = firm.karbon.getOrganization(org.organizationKey()).lastModifiedDateTime();

        // ... and the next XPM poll causes no Karbon write.
        Instant pushed = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            firm.pollNow();
            return at("connector-service").get("/firms/" + firm.id + "/sync-runs?limit=5").jsonPath()
                    .<Map<String, Object>>getList("$").stream().anyMatch(r -> "SCHEDULED".equals(r.get("trigger"))
                            && "COMPLETED".equals(r.get("phase"))
                            && Instant.parse((String) r.get("startedAt")).isAfter(pushed));
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                modified.equals(firm.karbon.getOrganization(org.organizationKey()).lastModifiedDateTime()));
        assertThat(firm.karbon.listOrganizations(null)).hasSize(1);
        assertThat(firm.xpmWrites()).hasSize(1);
        assertThat(firm.mappings("").getInt("total")).isEqualTo(1);
        assertThat(uuid).isEqualTo(firm.xpmClients().get(0).uuid());
    }
}
