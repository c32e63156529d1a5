package io.xpmsync.system;

import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.contracts.contact.ContactSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Values arrive as the receiving system holds them and do not bounce back changed: an XPM client goes to Karbon and
 * comes back through a Karbon edit of another field, and XPM ends holding exactly its original values plus that edit,
 * with one XPM write.
 */
@ExtendWith(RunningSystem.class)
class ValuesRoundTripTest {

    private static final Duration SECONDS = Duration.ofSeconds(30);

    @Test
    void aCountryNameAndAPostalOnlyAddressComeBackFromKarbonAsXpmHeldThem() {
        Firm firm = Firm.create("Round Trip").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        firm.addXpmClient("<Name>Kowhai Books Ltd</Name><Email>books@kowhai.example</Email>"
                + "<Address>12 Queen Street</Address><City>Auckland</City><PostCode>1010</PostCode>"
                + "<Country>New Zealand</Country><BusinessStructure>Company</BusinessStructure>"
                + "<Phone>09 555 0123</Phone><Fax>09 555 0124</Fax><WebSite>kowhai.example</WebSite>"
                + "<TaxNumber>123-456-789</TaxNumber><GSTPeriod>2</GSTPeriod>");
        firm.addXpmClient("<Name>Box Only Ltd</Name><Email>box@only.example</Email>"
                + "<PostalAddress>PO Box 77</PostalAddress><PostalCity>Auckland</PostalCity>"
                + "<PostalPostCode>1140</PostalPostCode><PostalCountry>new zealand</PostalCountry>"
                + "<BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();

        ContactSnapshot books = firm.karbonContact("Kowhai Books Ltd").orElseThrow();
        assertThat(books.physicalAddress().country()).as("Karbon holds the ISO code").isEqualTo("NZ");
        ContactSnapshot box = firm.karbonContact("Box Only Ltd").orElseThrow();
        assertThat(box.physicalAddress()).as("a PO Box is a mailing address, never a physical one").isNull();
        assertThat(box.mailingAddress().lines()).containsExactly("PO Box 77");
        assertThat(box.mailingAddress().country()).isEqualTo("NZ");
        XpmClient booksBefore = firm.xpmClient("Kowhai Books Ltd").orElseThrow();
        XpmClient boxBefore = firm.xpmClient("Box Only Ltd").orElseThrow();
        int writesBefore = firm.xpmWrites().size();

        editEmail(firm, books.ref().id(), "shop@kowhai.example");
        editEmail(firm, box.ref().id(), "post@only.example");

        XpmClient booksAfter = await().atMost(SECONDS).until(() -> firm.xpmClient("Kowhai Books Ltd"),
                c -> c.map(XpmClient::email).filter("shop@kowhai.example"::equals).isPresent()).orElseThrow();
        XpmClient boxAfter = await().atMost(SECONDS).until(() -> firm.xpmClient("Box Only Ltd"),
                c -> c.map(XpmClient::email).filter("post@only.example"::equals).isPresent()).orElseThrow();
        assertThat(booksAfter).usingRecursiveComparison().ignoringFields("email").isEqualTo(booksBefore);
        assertThat(boxAfter).usingRecursiveComparison().ignoringFields("email").isEqualTo(boxBefore);
        assertThat(booksAfter.country()).isEqualTo("New Zealand");
        assertThat(booksAfter.fax()).as("not synced, so never sent").isNotBlank();
        assertThat(booksAfter.taxNumber()).as("XPM answers it masked: never sent back").isEqualTo("123-456-789");
        assertThat(booksAfter.gstPeriod()).as("XPM answers it in words: never sent back").isEqualTo("Two Monthly");
        assertThat(booksAfter.websiteAnySpelling()).isEqualTo("kowhai.example");
        assertThat(boxAfter.address()).isNullOrEmpty();
        assertThat(boxAfter.postalAddress()).isEqualTo("PO Box 77");
        // one write each, and the edits coming back from XPM change nothing more in Karbon or XPM
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                firm.xpmWrites().size() == writesBefore + 2);
    }

    @Test
    void aPhoneNumberWrittenAnotherWayInKarbonIsNotAChangeForXpm() {
        Firm firm = Firm.create("Phone Format").settings("CLIENTS_ONLY", "Client", List.of("Client")).connect();
        firm.addXpmClient("<Name>Rimu Tyres Ltd</Name><Email>tyres@rimu.example</Email><Phone>(09) 555-0101</Phone>"
                + "<Address>3 Dominion Road</Address><City>Auckland</City><Country>New Zealand</Country>"
                + "<BusinessStructure>Company</BusinessStructure>");
        firm.syncNow();
        ContactSnapshot rimu = firm.karbonContact("Rimu Tyres Ltd").orElseThrow();
        int writesBefore = firm.xpmWrites().size();

        firm.karbon.updateOrganization(rimu.ref().id(), current -> new OrganizationDto(null, null,
                current.organizationKey(), current.fullName(), current.contactType(), current.userDefinedIdentifier(),
                null, null, current.businessCards().stream().map(c -> new io.xpmsync.client.karbon.model
                        .BusinessCardDto(c.businessCardKey(), c.entityType(), c.entityKey(), c.isPrimaryCard(),
                        c.organizationKey(), c.roleOrTitle(), c.emailAddresses(), List.of(
                        new io.xpmsync.client.karbon.model.PhoneNumberDto(c.phoneNumbers().get(0).phoneNumberKey(),
                                "+64 9 555 0101", null, "Work")), c.addresses(), c.webSites())).toList(), null));

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() ->
                firm.xpmWrites().size() == writesBefore);
        assertThat(firm.xpmClient("Rimu Tyres Ltd").orElseThrow().phone()).isEqualTo("(09) 555-0101");
    }

    @Test
    void aClientWithoutABusinessStructureBecomesAPersonWhenItHasAFirstAndLastName() {
        Firm firm = Firm.create("No Structure").settings("CLIENTS_ONLY", "Client", List.of()).connect();
        firm.addXpmClient("<Name>Aroha Ngata</Name><FirstName>Aroha</FirstName><LastName>Ngata</LastName>"
                + "<Email>aroha@ngata.example</Email>");
        firm.addXpmClient("<Name>Tui Holdings</Name><Email>hello@tui.example</Email>");
        firm.syncNow();

        assertThat(firm.karbonContact("Aroha Ngata").orElseThrow().ref().kind())
                .isEqualTo(io.xpmsync.contracts.contact.ContactKind.KARBON_PERSON);
        assertThat(firm.karbonContact("Tui Holdings").orElseThrow().ref().kind())
                .isEqualTo(io.xpmsync.contracts.contact.ContactKind.KARBON_ORGANIZATION);
    }

    @Test
    void aStructureTheFirmNamesBecomesAPersonAndItsContactsStayOutOfKarbon() {
        Firm firm = Firm.create("Sole Proprietors").settings("CLIENTS_AND_CONTACTS", "Client", List.of(),
                List.of("Sole Proprietor")).connect();
        firm.addXpmClient("<Name>Dana Whitfield</Name><FirstName>Dana</FirstName><LastName>Whitfield</LastName>"
                + "<Email>dana@whitfield.example</Email><BusinessStructure>sole  proprietor</BusinessStructure>"
                + "<Contacts><Contact><Name>Dana's Bookkeeper</Name><Email>books@whitfield.example</Email></Contact>"
                + "</Contacts>");
        firm.addXpmClient("<Name>Whitfield Partners LLC</Name><Email>office@whitfield.example</Email>"
                + "<BusinessStructure>Partnership</BusinessStructure>");
        firm.syncNow();

        assertThat(firm.karbonContact("Dana Whitfield").orElseThrow().ref().kind())
                .isEqualTo(io.xpmsync.contracts.contact.ContactKind.KARBON_PERSON);
        assertThat(firm.karbonContact("Whitfield Partners LLC").orElseThrow().ref().kind())
                .isEqualTo(io.xpmsync.contracts.contact.ContactKind.KARBON_ORGANIZATION);
        assertThat(firm.karbonContact("Dana's Bookkeeper")).as("a contact of a client that becomes a Person")
                .isEmpty();
    }

    @Test
    void anXpmContactOfTwoClientsIsLinkedInKarbonToBothOrganizations() {
        Firm firm = Firm.create("Two Clients").settings("CLIENTS_AND_CONTACTS", "Client", List.of()).connect();
        String bakery = firm.addXpmClient("<Name>Harbour Bakery Ltd</Name><Email>orders@harbour.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure>");
        String cafe = firm.addXpmClient("<Name>Harbour Cafe Ltd</Name><Email>hello@harbourcafe.example</Email>"
                + "<BusinessStructure>Company</BusinessStructure>");
        String mia = firm.addXpmContact(bakery, "<Name>Mia Chen</Name><Email>mia@harbour.example</Email>");
        firm.linkXpmContact(cafe, mia);
        firm.syncNow();

        ContactSnapshot person = firm.karbonContact("Mia Chen").orElseThrow();
        assertThat(person.links()).containsExactlyInAnyOrder(
                firm.karbonContact("Harbour Bakery Ltd").orElseThrow().ref(),
                firm.karbonContact("Harbour Cafe Ltd").orElseThrow().ref());
    }

    private static void editEmail(Firm firm, String organizationKey, String email) {
        Optional<OrganizationDto> written = firm.karbon.updateOrganization(organizationKey, current ->
                new OrganizationDto(null, null, current.organizationKey(), current.fullName(), current.contactType(),
                        current.userDefinedIdentifier(), null, null, current.businessCards().stream()
                        .map(c -> new io.xpmsync.client.karbon.model.BusinessCardDto(c.businessCardKey(),
                                c.entityType(), c.entityKey(), c.isPrimaryCard(), c.organizationKey(),
                                c.roleOrTitle(), List.of(email), c.phoneNumbers(), c.addresses(), c.webSites()))
                        .toList(), null));
        assertThat(written).isPresent();
    }
}
