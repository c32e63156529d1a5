package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every XML example of Xero's Practice Manager 3.1 documentation (shared/specs/xpm-xml) is read as XPM means it. */
class XpmSpecExamplesTest {

    private final XpmXml xml = new XpmXml();

    @Test
    void every_example_file_is_parsed() throws IOException {
        try (Stream<Path> files = Files.list(examples())) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(10);
            for (Path file : all) {
                String name = file.getFileName().toString();
                Class<?> type = name.endsWith(".response.xml") ? XpmResponse.class
                        : name.startsWith("contact-") ? XpmContact.class : XpmClient.class;
                assertThat(xml.read(Files.readString(file), type)).as(name).isNotNull();
            }
        }
    }

    @Test
    void the_client_list_maps_to_the_contact_value_model() throws IOException {
        XpmResponse list = xml.read(example("client-list.response.xml"), XpmResponse.class).requireOk();

        assertThat(list.apiMethod()).isEqualTo("List");
        assertThat(list.clients()).hasSize(2);
        ContactSnapshot first = XpmSnapshots.client(list.clients().get(0));
        assertThat(first.ref()).isEqualTo(ContactRef.xpmClient("720C21D3-E812-4BB1-9D6B-DDEB4745E7B9"));
        assertThat(first.name()).isEqualTo("XYZ Australia, NZ Business Unit");
        assertThat(first.emails()).containsExactly("someone@example.com");
        assertThat(first.phones()).containsExactly(new Phone("(02) 1723 5265", "Phone"));
        assertThat(first.physicalAddress()).isNull();
        assertThat(first.mailingAddress()).isEqualTo(new Address(
                List.of("Level 32, PWC Building", "188 Quay Street", "Auckland Central"), "Auckland", null, "1001",
                null));
        assertThat(first.archived()).isFalse();
        assertThat(first.contentHash()).startsWith("sha256:");

        assertThat(list.clients().get(0).contacts()).hasSize(1);
        ContactSnapshot contact = XpmSnapshots.contact(list.clients().get(0).contacts().get(0),
                list.clients().get(0).uuid());
        assertThat(contact.name()).isEqualTo("Samantha Benecke");
        assertThat(contact.links()).containsExactly(first.ref());
        assertThat(list.clients().get(1).contacts()).isEmpty();
    }

    @Test
    void paged_contacts_carry_the_next_link() throws IOException {
        XpmResponse page = xml.read(example("contacts-paged.response.xml"), XpmResponse.class).requireOk();

        assertThat(page.contacts()).extracting(XpmContact::name).containsExactly("Wyett E Coyote");
        assertThat(page.pagination().links().next()).endsWith("pageSize=10&pageToken=bGlnaHQgd29y");
    }

    @Test
    void requests_are_read_with_their_client_links_and_yes_no_flags() throws IOException {
        XpmClient link = xml.read(example("client-link-contacts.request.xml"), XpmClient.class);
        assertThat(link.contacts()).extracting(XpmContact::isPrimary).containsExactly("No", "Yes");

        XpmContact added = xml.read(example("contact-add.request.xml"), XpmContact.class);
        assertThat(added.client().uuid()).isEqualTo("50539fbc-d8e2-4943-bece-313a22489bb8");
        assertThat(added.uuid()).as("an add request has no UUID yet").isNull();

        XpmClient add = xml.read(example("client-add.request.xml"), XpmClient.class);
        assertThat(add.name()).isEqualTo("Bloggs Electrical Ltd");
        assertThat(add.contacts()).extracting(XpmContact::name).containsExactly("Jo Bloggs");
    }

    @Test
    void a_client_request_is_written_as_xpm_takes_it() {
        XpmClient request = new XpmClient(null, "Harbour View Holdings", null, null, "info@harbour.example",
                "12 Circular Quay", "Sydney", "NSW", "2000", "Australia", null, null, null, null, null,
                "+61 2 9000 1000", null, null, "harbour.example", null, null, null, null);

        String written = xml.write(request);

        assertThat(written).startsWith("<Client>").contains("<Name>Harbour View Holdings</Name>")
                .contains("<WebSite>harbour.example</WebSite>").doesNotContain("<Website>").doesNotContain("UUID");
        assertThat(xml.read(written, XpmClient.class).websiteAnySpelling()).isEqualTo("harbour.example");
    }

    @Test
    void status_error_is_an_error_even_with_http_200() throws IOException {
        XpmResponse error = xml.read(example("error.response.xml"), XpmResponse.class);

        assertThatThrownBy(error::requireOk).isInstanceOf(XpmErrorException.class)
                .hasMessageContaining("A detailed explanation of the error");
        assertThat(xml.read(example("ok.response.xml"), XpmResponse.class).requireOk().status()).isEqualTo("OK");
    }

    @Test
    void malformed_xml_is_a_clear_error_not_a_parser_exception() {
        assertThatThrownBy(() -> xml.read("<Response><Status>OK</Status>", XpmResponse.class))
                .isInstanceOf(XpmErrorException.class).hasMessageContaining("not a XpmResponse");
        assertThatThrownBy(() -> xml.read("", XpmResponse.class)).isInstanceOf(XpmErrorException.class);
    }

    private static String example(String name) throws IOException {
        return Files.readString(examples().resolve(name));
    }

    private static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/specs/xpm-xml");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/specs/xpm-xml not found beside the repository");
    }
}
