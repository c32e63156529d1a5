package io.xpmsync.system;

import io.restassured.path.json.JsonPath;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.xpm.model.XpmClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static io.xpmsync.system.RunningSystem.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A firm whose Karbon holds records from before it connected, of which no change ever reaches xpm-sync: the initial
 * snapshot tells every service of them with the same complete state later changes carry, so they are matched and
 * linked to as records made afterwards are.
 */
@ExtendWith(RunningSystem.class)
class ExistingKarbonRecordsTest {

    @Test
    void recordsMadeBeforeTheFirmConnectedAreMatchedByEveryEmailAndCarryPeopleMadeAfter() {
        Firm firm = Firm.unknown("History Accounting");
        // years ago, in Karbon: an organization whose card holds two emails
        OrganizationDto tasman = firm.karbon.createOrganization(new OrganizationRequest("Tasman Timber Ltd", "Client",
                null, null, List.of(new BusinessCardDto(null, null, null, true, null, null,
                List.of("office@tasman.example", "accounts@tasman.example"), null, null, null))));
        // and in XPM, the same client with the card's second email
        String client = firm.addXpmClient("<Name>Tasman Timber Ltd</Name><Email>accounts@tasman.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure>");

        firm.registerKarbon().settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        JsonPath karbon = at("matching-service").get("/firms/" + firm.id + "/karbon-connection").jsonPath();
        assertThat(karbon.getString("snapshot.state")).isEqualTo("DONE");
        assertThat(karbon.getLong("snapshot.organizationsRead")).isEqualTo(karbon.getLong("snapshot.organizationsTotal"))
                .isEqualTo(1);
        firm.syncNow();

        // (a) matched exactly by the card's second email, as it would be had the organization changed since
        JsonPath mappings = firm.mappings("");
        assertThat(mappings.getList("items.method")).containsExactly("EXACT");
        assertThat(mappings.getString("items[0].karbonKey")).isEqualTo(tasman.organizationKey());
        assertThat(firm.partialMatches()).isEmpty();
        assertThat(firm.karbon.listOrganizations(null)).as("not created in Karbon again").hasSize(1);

        // (b) a person made in Karbon now, linked by their card to the old organization, is pushed to its client
        firm.karbon.createContact(new ContactRequest("Ana", null, "Ruiz", null, null, "Client", null, null,
                List.of(new BusinessCardDto(null, null, null, true, tasman.organizationKey(), null,
                        List.of("ana@tasman.example"), null, null, null))));
        XpmClient withAna = await().atMost(Duration.ofSeconds(150)).until(() -> firm.xpmClients().stream()
                .filter(c -> c.uuid().equals(client)).findFirst().orElseThrow(), c -> c.contacts() != null
                && c.contacts().stream().anyMatch(p -> "Ana Ruiz".equals(p.name())));
        assertThat(withAna.contacts()).hasSize(1);
        assertThat(withAna.name()).isEqualTo("Tasman Timber Ltd");
        assertThat(firm.xpmClients()).hasSize(1);
    }
}
