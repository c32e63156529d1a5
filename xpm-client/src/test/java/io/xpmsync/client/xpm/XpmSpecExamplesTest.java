package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.specs.Specs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every XPM 3.1 XML fixture of the specs module (the documented request and response shapes) is read as XPM means it. */
class XpmSpecExamplesTest {

    private final XpmXml xml = new XpmXml();

    @Test
    void every_fixture_is_parsed() {
        assertThat(Specs.XPM_XML).hasSizeGreaterThanOrEqualTo(10);
        for (String name : Specs.XPM_XML) {
            Class<?> type = name.endsWith(".response.xml") ? XpmResponse.class
                    : name.startsWith("contact-") ? XpmContact.class : XpmClient.class;
            assertThat(xml.read(Specs.xpmXml(name), type)).as(name).isNotNull();
        }
    }

    @Test
    void the_client_list_maps_to_the_contact_value_model() {
        XpmResponse list = xml.read(example("client-list.response.xml"), XpmResponse.class).requireOk();

        assertThat(list.apiMethod()).isEqualTo("List");
        assertThat(list.clients()).hasSize(2);
        ContactSnapshot first = XpmSnapshots.client(list.clients().get(0));
        assertThat(first.ref()).isEqualTo(ContactRef.xpmClient("3B1F6C2E-8D4A-4F0E-9A57-61C0D2E4B7A9"));
        assertThat(first.name()).isEqualTo("Kowhai Orchards Ltd");
        assertThat(first.emails()).containsExactly("office@kowhai-orchards.example");
        assertThat(first.phones()).containsExactly(new Phone("(07) 573 0192", "Phone"));
        assertThat(first.physicalAddress()).isNull();
        assertThat(first.mailingAddress()).isEqualTo(new Address(
                List.of("Unit 4, Orchard Chambers", "27 Packhouse Road", "Te Puke"), "Tauranga", null, "3119",
                null));
        assertThat(first.archived()).isFalse();
        assertThat(first.contentHash()).startsWith("sha256:");

        assertThat(list.clients().get(0).contacts()).hasSize(1);
        ContactSnapshot contact = XpmSnapshots.contact(list.clients().get(0).contacts().get(0),
                list.clients().get(0).uuid());
        assertThat(contact.name()).isEqualTo("Aroha Ngata");
        assertThat(contact.links()).containsExactly(first.ref());
        assertThat(list.clients().get(1).contacts()).isEmpty();
    }

    @Test
    void paged_contacts_carry_the_next_link() {
        XpmResponse page = xml.read(example("contacts-paged.response.xml"), XpmResponse.class).requireOk();

        assertThat(page.contacts()).extracting(XpmContact::name).containsExactly("Hemi Walker");
        assertThat(page.pagination().links().next()).endsWith("pageSize=10&pageToken=cGFnZS0y");
    }

    @Test
    void requests_are_read_with_their_client_links_and_yes_no_flags() {
        XpmClient link = xml.read(example("client-link-contacts.request.xml"), XpmClient.class);
        assertThat(link.contacts()).extracting(XpmContact::isPrimary).containsExactly("No", "Yes");

        XpmContact added = xml.read(example("contact-add.request.xml"), XpmContact.class);
        assertThat(added.client().uuid()).isEqualTo("3b1f6c2e-8d4a-4f0e-9a57-61c0d2e4b7a9");
        assertThat(added.uuid()).as("an add request has no UUID yet").isNull();

        XpmClient add = xml.read(example("client-add.request.xml"), XpmClient.class);
        assertThat(add.name()).isEqualTo("Totara Joinery Ltd");
        assertThat(add.contacts()).extracting(XpmContact::name).containsExactly("Rawiri Totara");
    }

    @Test
    void a_client_request_is_written_as_xpm_takes_it() {
        XpmClient request = new XpmClient(null, "Harbour View Holdings", null, null, "info@harbour.example",
                "12 Circular Quay", "Sydney", "NSW", "2000", "Australia", null, null, null, null, null,
                "+61 2 9000 1000", null, null, "harbour.example", null, null, null, null, null, null);

        String written = xml.write(request);

        assertThat(written).startsWith("<Client>").contains("<Name>Harbour View Holdings</Name>")
                .contains("<WebSite>harbour.example</WebSite>").doesNotContain("<Website>").doesNotContain("UUID");
        assertThat(xml.read(written, XpmClient.class).websiteAnySpelling()).isEqualTo("harbour.example");
    }

    @Test
    void status_error_is_an_error_even_with_http_200() {
        XpmResponse error = xml.read(example("error.response.xml"), XpmResponse.class);

        assertThatThrownBy(error::requireOk).isInstanceOf(XpmErrorException.class)
                .hasMessageContaining("Client Name is required");
        assertThat(xml.read(example("ok.response.xml"), XpmResponse.class).requireOk().status()).isEqualTo("OK");
    }

    @Test
    void malformed_xml_is_a_clear_error_not_a_parser_exception() {
        assertThatThrownBy(() -> xml.read("<Response><Status>OK</Status>", XpmResponse.class))
                .isInstanceOf(XpmErrorException.class).hasMessageContaining("not a XpmResponse");
        assertThatThrownBy(() -> xml.read("", XpmResponse.class)).isInstanceOf(XpmErrorException.class);
    }

    private static String example(String name) {
        return Specs.xpmXml(name);
    }
}
