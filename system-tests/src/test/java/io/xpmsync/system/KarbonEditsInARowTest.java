package io.xpmsync.system;

import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.client.xpm.model.XpmClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person keeps editing a new Karbon organization of a pushed type, several times a second, while its first push to
 * XPM and that push's mapping are still on their way: XPM ends with one client holding the last edit, never one per
 * edit.
 */
@ExtendWith(RunningSystem.class)
class KarbonEditsInARowTest {

    @Test
    void aNewOrganizationEditedManyTimesInARowIsCreatedInXpmOnce() throws Exception {
        Firm firm = Firm.create("Busy Fingers").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        firm.syncNow();
        String key = firm.karbon.createOrganization(new OrganizationRequest("Matai Joinery Ltd", "Client", null, null,
                List.of(new BusinessCardDto(null, null, null, true, null, null, List.of("office@matai.example"),
                        null, null, null)))).organizationKey();
        String last = null;
        for (int n = 0; n < 60; n++) {
            String phone = "+64 9 555 " + (1000 + n);
            firm.karbon.updateOrganization(key, o -> new OrganizationDto(null, null, o.organizationKey(),
                    o.fullName(), o.contactType(), o.userDefinedIdentifier(), o.restrictionLevel(), null,
                    List.of(new BusinessCardDto(o.businessCards().get(0).businessCardKey(), null, null, true, null,
                            null, List.of("office@matai.example"), List.of(new PhoneNumberDto(null, phone, null,
                            "Work")), null, null)), null));
            last = phone;
            Thread.sleep(150);
        }
        String expected = last;
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(firm.xpmClients())
                .filteredOn(c -> c.name().equals("Matai Joinery Ltd")).extracting(XpmClient::phone)
                .containsExactly(expected));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(firm.xpmClients()).filteredOn(c -> c.name().equals("Matai Joinery Ltd")).hasSize(1));
    }
}
