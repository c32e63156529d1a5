package io.xpmsync.mapping.karbon;

import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.contracts.contact.Phone;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** XPM's values as Karbon takes them, and no write when only the way a value is written differs. */
class KarbonCardsTest {

    private static final Address QUEEN_ST = new Address(List.of("12 Queen Street"), "Auckland", null, "1010",
            "New Zealand");
    private static final Address PO_BOX = new Address(List.of("PO Box 77"), "Auckland", null, "1140", "new zealand");

    private static ContactSnapshot client(List<Phone> phones, Address physical, Address postal) {
        return new ContactSnapshot(ContactRef.xpmClient("C1"), "Kowhai Books Ltd", null, null,
                List.of("books@kowhai.example"), phones, physical, postal, "Company", null, List.of(), false, false,
                null);
    }

    @Test
    void a_country_name_becomes_karbons_iso_code_and_a_postal_address_stays_a_mailing_address() {
        BusinessCardDto card = KarbonCards.newCard(client(List.of(), null, PO_BOX), null);

        assertThat(card.addresses()).extracting(AddressDto::label).containsExactly("Mailing");
        assertThat(card.addresses()).extracting(AddressDto::countryCode).containsExactly("NZ");
    }

    @Test
    void a_number_karbon_holds_written_another_way_is_not_rewritten() {
        ContactSnapshot xpm = client(List.of(new Phone("(09) 555-0101", "Phone")), QUEEN_ST, null);
        BusinessCardDto karbon = new BusinessCardDto("K1", "Organization", "O1", true, null, null,
                List.of("books@kowhai.example"), List.of(new PhoneNumberDto("P1", "+64 9 555 0101", null, "Work")),
                List.of(new AddressDto("A1", "12 Queen Street", "Auckland", null, "1010", "NZ", "Physical")), null);

        BusinessCardDto merged = KarbonCards.merge(karbon, xpm, xpm);

        assertThat(merged.phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("+64 9 555 0101");
        assertThat(KarbonCards.sameSyncedValues(karbon, merged)).as("nothing to write").isTrue();
    }

    @Test
    void a_number_longer_than_karbon_takes_is_written_in_its_shortest_form() {
        BusinessCardDto card = KarbonCards.newCard(client(List.of(
                new Phone("+64 (0)9 555 0101 extension 1234", "Phone"),
                new Phone("ask reception for the accounts team", "Fax")), QUEEN_ST, null), null);

        assertThat(card.phoneNumbers()).extracting(PhoneNumberDto::number).containsExactly("+6495550101x1234");
    }

    @Test
    void address_values_longer_than_karbon_takes_are_shortened_to_its_limits_and_said_so_in_words() {
        Address longOne = new Address(List.of("Unit 4, " + "Orchard Chambers ".repeat(15)), "C".repeat(120), null,
                "POSTCODE-1234567890-EXTRA", "New Zealand");
        ContactSnapshot xpm = client(List.of(), longOne, PO_BOX);

        AddressDto physical = KarbonCards.newCard(xpm, null).addresses().get(0);

        assertThat(physical.addressLines()).hasSizeLessThanOrEqualTo(200).startsWith("Unit 4, Orchard Chambers");
        assertThat(physical.city()).hasSize(100);
        assertThat(physical.zipCode()).isEqualTo("POSTCODE-1234567890-");
        assertThat(KarbonLengths.shortened(xpm, true, true)).isEqualTo("Address shortened to Karbon's 200"
                + " characters; City shortened to Karbon's 100 characters; Post code shortened to Karbon's 20"
                + " characters");
        assertThat(KarbonLengths.shortened(xpm, false, true)).as("the postal address fits").isNull();
        assertThat(KarbonCards.sameSyncedValues(KarbonCards.newCard(xpm, null), KarbonCards.merge(
                KarbonCards.newCard(xpm, null), xpm, xpm))).as("the shortened card is not rewritten").isTrue();
    }

    @Test
    void a_person_gets_a_card_for_each_organization_not_linked_yet_and_keeps_every_link() {
        BusinessCardDto primary = new BusinessCardDto("K1", "Contact", "P1", true, "ORG1", null,
                List.of("mia@harbour.example"), List.of(), List.of(), null);

        List<BusinessCardDto> cards = KarbonWriter.withLinks(List.of(primary), List.of("ORG1", "ORG2"));

        assertThat(cards).extracting(BusinessCardDto::organizationKey).containsExactly("ORG1", "ORG2");
        assertThat(cards.get(1).isPrimaryCard()).isFalse();
        assertThat(KarbonWriter.withLinks(cards, List.of("ORG2"))).as("a link no longer in XPM is not removed")
                .hasSize(2);
    }

    @Test
    void r21_only_the_fields_the_merge_writes_change_on_the_card_and_karbons_own_values_stay_in_the_others() {
        // Karbon holds its own email and phone; XPM changed its physical address and its fax only
        BusinessCardDto karbon = new BusinessCardDto("K1", "Organization", "O1", true, null, "Owner",
                List.of("owner@kowhai.example", "books@kowhai.example"),
                List.of(new PhoneNumberDto("P1", "09 555 0202", null, "Work"),
                        new PhoneNumberDto("P2", "09 555 0199", null, "Fax")),
                List.of(new AddressDto("A1", "1 Old Road", "Auckland", null, "1010", "NZ", "Physical"),
                        new AddressDto("A2", "PO Box 77", "Auckland", null, "1140", "NZ", "Mailing")),
                List.of("https://kowhai.example"));
        ContactSnapshot xpm = client(List.of(new Phone("09 555 0101", "Phone"), new Phone("09 555 0198", "Fax")),
                QUEEN_ST, PO_BOX);
        BusinessCardDto merged = KarbonCards.merge(karbon, xpm, null, null);

        BusinessCardDto written = KarbonCards.only(karbon, merged, java.util.Set.of(
                io.xpmsync.contracts.merge.SyncedField.PHYSICAL_ADDRESS,
                io.xpmsync.contracts.merge.SyncedField.OTHER_PHONES));

        assertThat(written.emailAddresses()).as("Karbon's emails stay").containsExactly("owner@kowhai.example",
                "books@kowhai.example");
        assertThat(written.phoneNumbers()).extracting(PhoneNumberDto::number).first().as("Karbon's first phone stays")
                .isEqualTo("09 555 0202");
        assertThat(written.phoneNumbers()).extracting(PhoneNumberDto::number).contains("09 555 0198");
        assertThat(written.addresses()).extracting(AddressDto::addressLines).containsExactlyInAnyOrder(
                "12 Queen Street", "PO Box 77");
        assertThat(written.webSites()).containsExactly("https://kowhai.example");
        assertThat(KarbonCards.only(karbon, merged, null)).as("no plan: every field").isEqualTo(merged);
    }
}
