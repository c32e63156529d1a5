package io.xpmsync.push.domain;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.merge.FieldMerge.Verdict;
import io.xpmsync.contracts.merge.SyncedField;
import io.xpmsync.push.xpm.XpmProjection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a push merges, rule by rule (R17, R21). */
class PushMergeRulesTest {

    private static ContactSnapshot karbon(Address physical, Address mailing, String... phones) {
        return new ContactSnapshot(ContactRef.karbonOrganization("K1"), "Kowhai Ltd", null, null,
                List.of("a@kowhai.example"), java.util.Arrays.stream(phones).map(p -> new Phone(p, "Work")).toList(),
                physical, mailing, null, "Client", List.of(), false, false, null).withComputedHash();
    }

    @Test
    void r17_only_the_first_phone_and_first_address_take_part_in_a_push() {
        Address street = new Address(List.of("1 Shore Road"), "Auckland", null, "1010", "NZ");
        Address box = new Address(List.of("PO Box 9"), "Auckland", null, "1140", "NZ");
        assertThat(PushMerge.pushed(karbon(street, box, "09 1", "09 2")).keySet())
                .containsExactlyInAnyOrder(SyncedField.NAME, SyncedField.EMAIL, SyncedField.PHONE,
                        SyncedField.PHYSICAL_ADDRESS);
        assertThat(PushMerge.pushed(karbon(null, box, "09 1")).keySet()).contains(SyncedField.POSTAL_ADDRESS);
    }

    @Test
    void r21_a_forced_field_is_written_even_where_neither_side_changed_it_since_the_base() {
        ContactSnapshot k = karbon(null, null, "09 555 0101");
        ContactSnapshot x = new ContactSnapshot(ContactRef.xpmClient("c"), "Kowhai Ltd", null, null,
                List.of("a@kowhai.example"), List.of(new Phone("09 555 0202", "Phone")), null, null, "Company", null,
                List.of(), false, false, null).withComputedHash();
        PushMerge merge = PushMerge.of(k, Instant.now(), x, Map.of(), Set.of(SyncedField.PHONE));
        assertThat(merge.flows()).containsExactly(SyncedField.PHONE);
        assertThat(merge.verdicts()).containsEntry(SyncedField.NAME, Verdict.SAME);
    }

    @Test
    void an_xpm_address_karbon_holds_shortened_to_its_limits_is_an_echo_not_a_karbon_edit() {
        String lines = "Unit 4, " + "Orchard Chambers ".repeat(15);
        ContactSnapshot x = new ContactSnapshot(ContactRef.xpmClient("c"), "Kowhai Ltd", null, null,
                List.of("a@kowhai.example"), List.of(new Phone("09 555 0101", "Phone")), new Address(List.of(lines),
                "C".repeat(120), null, "1010", "New Zealand"), null, "Company", null, List.of(), false, false, null)
                .withComputedHash();
        ContactSnapshot k = karbon(new Address(List.of(lines.substring(0, 200).stripTrailing()), "C".repeat(100), null,
                "1010", "NZ"), null, "09 555 0101");

        // the echo check: a Karbon contact holding exactly an unmapped XPM record's values awaits its mapping
        assertThat(XpmProjection.hash(k)).isEqualTo(XpmProjection.hash(x));
        // the merge, base or none: nothing flows back over XPM's longer address
        assertThat(PushMerge.of(k, Instant.now(), x, Map.of(), Set.of()).flows()).isEmpty();
    }
}
