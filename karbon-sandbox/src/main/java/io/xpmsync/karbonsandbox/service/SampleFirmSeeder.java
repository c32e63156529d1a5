package io.xpmsync.karbonsandbox.service;

import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import io.xpmsync.sample.KarbonSeed;
import io.xpmsync.sample.Overlap;
import io.xpmsync.sample.PracticeGenerator;
import io.xpmsync.sample.SamplePractice;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeds a firm with the Karbon side of a generated sample practice (see sample-data): organizations first, then
 * people linked to them by business card. Keys are drawn from the seed and the firm, so the same call gives the same
 * firm every time. Each record is created like any other, so each emits its contact event.
 */
@ApplicationScoped
public class SampleFirmSeeder {

    /** What was created, and how the practice's XPM side overlaps it. */
    public record Seeded(int organizations, int people, Map<Overlap, Long> xpmOverlaps) {
    }

    private final KarbonStore store;

    SampleFirmSeeder(KarbonStore store) {
        this.store = store;
    }

    public Seeded seed(String firmId, long seed, int clients) {
        if (clients < 1 || clients > 20_000) {
            throw KarbonApiException.badRequest("clients must be between 1 and 20000");
        }
        FirmEntity firm = store.firm(firmId);
        SamplePractice practice = PracticeGenerator.generate(seed, clients);
        Random keys = new Random(seed * 31 + firmId.hashCode());
        String contactType = KarbonStore.contactTypes(firm).get(0);
        List<String> created = new ArrayList<>();
        int organizations = 0;
        int people = 0;
        for (KarbonSeed karbon : practice.karbon()) {
            if (!karbon.person()) {
                created.add(store.createOrganization(firm, new OrganizationRequest(karbon.name(), contactType, null,
                        null, List.of(card(karbon, null))), keys).key);
                organizations++;
            } else {
                created.add(null);
            }
        }
        for (int i = 0; i < practice.karbon().size(); i++) {
            KarbonSeed karbon = practice.karbon().get(i);
            if (karbon.person()) {
                String organization = karbon.organization() >= 0 ? created.get(karbon.organization()) : null;
                store.createContact(firm, new ContactRequest(karbon.firstName(), null, karbon.lastName(), null, null,
                        contactType, null, null, List.of(card(karbon, organization))), keys);
                people++;
            }
        }
        return new Seeded(organizations, people, practice.overlapCounts());
    }

    private static BusinessCardDto card(KarbonSeed karbon, String organizationKey) {
        List<AddressDto> addresses = new ArrayList<>();
        if (karbon.physicalAddress() != null) {
            addresses.add(address(karbon.physicalAddress(), "Physical"));
        }
        if (karbon.mailingAddress() != null) {
            addresses.add(address(karbon.mailingAddress(), "Mailing"));
        }
        return new BusinessCardDto(null, null, null, true, organizationKey, null, karbon.emails(),
                karbon.phones().stream().map(p -> new PhoneNumberDto(null, p.number(), null, p.label())).toList(),
                addresses, null);
    }

    private static AddressDto address(Address a, String label) {
        return new AddressDto(null, String.join("\n", a.lines()), a.city(), a.region(), a.postCode(), a.country(),
                label);
    }
}
