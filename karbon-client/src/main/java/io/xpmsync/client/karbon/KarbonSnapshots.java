package io.xpmsync.client.karbon;

import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Karbon record read from the API as the value model the events carry, the same state the Karbon platform's
 * contact events give: every email of every card, the phones of the first card (the primary one), the first Physical
 * and the first Mailing address, and a person's organizations through their cards.
 */
public final class KarbonSnapshots {

    private KarbonSnapshots() {
    }

    public static ContactSnapshot person(ContactDto c) {
        List<BusinessCardDto> cards = ordered(c.businessCards());
        String fullName = String.join(" ", Stream.of(c.firstName(), c.middleName(), c.lastName())
                .filter(s -> s != null && !s.isBlank()).map(String::strip).toList());
        List<ContactRef> links = cards.stream().map(BusinessCardDto::organizationKey).filter(Objects::nonNull)
                .distinct().map(ContactRef::karbonOrganization).toList();
        return snapshot(ContactRef.karbonPerson(c.contactKey()), fullName, c.firstName(), c.lastName(), cards,
                c.contactType(), links);
    }

    public static ContactSnapshot organization(OrganizationDto o) {
        return snapshot(ContactRef.karbonOrganization(o.organizationKey()), o.fullName() == null ? "" : o.fullName(),
                null, null, ordered(o.businessCards()), o.contactType(), List.of());
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String firstName, String lastName,
                                            List<BusinessCardDto> cards, String contactType, List<ContactRef> links) {
        Set<String> emails = new LinkedHashSet<>();
        cards.forEach(card -> {
            if (card.emailAddresses() != null) {
                card.emailAddresses().stream().filter(e -> e != null && !e.isBlank()).forEach(emails::add);
            }
        });
        List<Phone> phones = cards.isEmpty() || cards.get(0).phoneNumbers() == null ? List.of()
                : cards.get(0).phoneNumbers().stream().filter(p -> p.number() != null && !p.number().isBlank())
                .map(p -> new Phone(p.number(), p.label())).toList();
        List<AddressDto> addresses = cards.stream().filter(card -> card.addresses() != null)
                .flatMap(card -> card.addresses().stream()).toList();
        return new ContactSnapshot(ref, name, firstName, lastName, List.copyOf(emails), phones,
                address(addresses, "Physical"), address(addresses, "Mailing"), null, contactType, links, false, false,
                null).withComputedHash();
    }

    /** A record Karbon no longer has: what the events say of a deleted contact. */
    public static ContactSnapshot deleted(ContactRef ref) {
        return new ContactSnapshot(ref, "", null, null, List.of(), List.of(), null, null, null, null, List.of(),
                false, true, null).withComputedHash();
    }

    private static List<BusinessCardDto> ordered(List<BusinessCardDto> cards) {
        if (cards == null) {
            return List.of();
        }
        // the primary card first, then as Karbon lists them
        return cards.stream().sorted(Comparator.comparing(c -> !Boolean.TRUE.equals(c.isPrimaryCard()))).toList();
    }

    private static Address address(List<AddressDto> addresses, String label) {
        return addresses.stream().filter(a -> label.equals(a.label())).findFirst()
                .map(a -> new Address(a.addressLines() == null ? List.of() : List.of(a.addressLines().split("\n")),
                        a.city(), a.stateProvinceCounty(), a.zipCode(), a.countryCode()))
                .orElse(null);
    }
}
