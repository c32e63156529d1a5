package io.xpmsync.contracts;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.ContentHash;
import io.xpmsync.contracts.contact.Phone;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    private final ContactSnapshot base = new ContactSnapshot(ContactRef.xpmClient("46AE1F6C-8B8A-4D3C-A41E-5BD3C1A1E9E2"),
            "Harbour View", null, null, List.of("a@example.com"), List.of(new Phone("1", "Phone")),
            new Address(List.of("1 Quay"), "Sydney", "NSW", "2000", "Australia"), null, "Company", null, List.of(),
            false, false, null);

    @Test
    void fields_that_are_not_synced_do_not_change_the_hash() {
        ContactSnapshot other = new ContactSnapshot(ContactRef.karbonOrganization("k1"), base.name(), null, null,
                base.emails(), base.phones(), base.physicalAddress(), null, null, "Client",
                List.of(ContactRef.karbonOrganization("k2")), true, false, null);

        assertThat(ContentHash.of(other)).isEqualTo(ContentHash.of(base));
    }

    @Test
    void each_synced_field_changes_the_hash() {
        String hash = ContentHash.of(base);
        assertThat(ContentHash.of(with("Harbour View Pty", base.emails(), base.phones(), base.physicalAddress(), null)))
                .isNotEqualTo(hash);
        assertThat(ContentHash.of(with(base.name(), List.of("b@example.com"), base.phones(), base.physicalAddress(), null)))
                .isNotEqualTo(hash);
        assertThat(ContentHash.of(with(base.name(), base.emails(), List.of(new Phone("2", "Phone")), base.physicalAddress(), null)))
                .isNotEqualTo(hash);
        assertThat(ContentHash.of(with(base.name(), base.emails(), base.phones(), null, base.physicalAddress())))
                .as("the same address as mailing instead of physical").isNotEqualTo(hash);
    }

    @Test
    void field_boundaries_cannot_be_confused() {
        assertThat(ContentHash.of(with("ab", List.of("c"), List.of(), null, null)))
                .isNotEqualTo(ContentHash.of(with("a", List.of("bc"), List.of(), null, null)));
    }

    private ContactSnapshot with(String name, List<String> emails, List<Phone> phones, Address physical, Address mailing) {
        return new ContactSnapshot(base.ref(), name, null, null, emails, phones, physical, mailing, null, null, List.of(),
                false, false, null);
    }
}
