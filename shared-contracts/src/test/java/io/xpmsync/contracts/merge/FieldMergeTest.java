package io.xpmsync.contracts.merge;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.merge.FieldMerge.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The three-way merge's rules, one per test, named after the rule they check (R21 and its decision). */
class FieldMergeTest {

    private static final Instant AGREED = Instant.parse("2026-12-07T13:08:56Z");

    private static ContactSnapshot xpm(String name, String email, String phone) {
        return new ContactSnapshot(ContactRef.xpmClient("c-1"), name, null, null, List.of(email),
                List.of(new Phone(phone, "Phone")), new Address(List.of("12 Queen Street"), "Auckland", null, "1010",
                "New Zealand"), null, "Company", null, List.of(), false, false, null).withComputedHash();
    }

    private static ContactSnapshot karbon(String name, String email, String phone) {
        return new ContactSnapshot(ContactRef.karbonOrganization("K1"), name, null, null, List.of(email, "other@x.example"),
                List.of(new Phone(phone, "Work")), new Address(List.of("12 Queen Street"), "Auckland", null, "1010",
                "NZ"), null, null, "Client", List.of(), false, false, null).withComputedHash();
    }

    private static Map<SyncedField, AgreedField> base(ContactSnapshot x, ContactSnapshot k) {
        Map<SyncedField, AgreedField> base = new EnumMap<>(SyncedField.class);
        Map<SyncedField, String> xv = FieldValues.of(x);
        Map<SyncedField, String> kv = FieldValues.of(k);
        xv.keySet().forEach(f -> base.put(f, new AgreedField(f, xv.get(f), kv.get(f), FieldValues.display(k, f),
                AGREED)));
        return base;
    }

    @Test
    void r21_the_same_value_in_each_systems_own_spelling_is_one_value() {
        ContactSnapshot x = xpm("Kowhai Books  Ltd", "Books@Kowhai.example", "(09) 555-0101");
        ContactSnapshot k = karbon("Kowhai Books Ltd", "books@kowhai.example", "09 555 0101");
        assertThat(FieldValues.of(x)).isEqualTo(FieldValues.of(k));
    }

    @Test
    void an_xpm_address_longer_than_karbon_takes_is_one_value_with_the_same_address_fitted_in_karbon() {
        String lines = "Unit 4, " + "Orchard Chambers ".repeat(15);
        Address xpmLong = new Address(List.of(lines), "C".repeat(120), null, "POSTCODE-1234567890-EXTRA",
                "New Zealand");
        Address karbonFitted = new Address(List.of(lines.substring(0, 200).stripTrailing()), "C".repeat(100), null,
                "POSTCODE-1234567890-", "NZ");
        ContactSnapshot x = withAddress(xpm("Kowhai Books Ltd", "books@kowhai.example", "09 555 0101"), xpmLong);
        ContactSnapshot k = withAddress(karbon("Kowhai Books Ltd", "books@kowhai.example", "09 555 0101"),
                karbonFitted);

        assertThat(FieldValues.same(x, k, SyncedField.PHYSICAL_ADDRESS)).isTrue();
        // without a base (the first push of Karbon's echo), the fitted value is no Karbon edit to write over XPM's
        assertThat(FieldMerge.merge(FieldValues.of(k), AGREED, false, FieldValues.of(x), Map.of()))
                .containsEntry(SyncedField.PHYSICAL_ADDRESS, Verdict.SAME);
        ContactSnapshot edited = withAddress(k, new Address(List.of("1 Shore Road"), "Auckland", null, "1010", "NZ"));
        assertThat(FieldMerge.merge(FieldValues.of(edited), AGREED.plusSeconds(60), false, FieldValues.of(x),
                base(x, k))).as("a real Karbon edit still flows").containsEntry(SyncedField.PHYSICAL_ADDRESS,
                Verdict.FLOWS);
    }

    private static ContactSnapshot withAddress(ContactSnapshot s, Address physical) {
        return new ContactSnapshot(s.ref(), s.name(), null, null, s.emails(), s.phones(), physical, null,
                s.businessStructure(), s.contactType(), List.of(), false, false, null).withComputedHash();
    }

    @Test
    void r21_different_fields_changed_on_the_two_sides_both_flow() {
        ContactSnapshot x0 = xpm("Kowhai Books Ltd", "books@kowhai.example", "09 555 0101");
        ContactSnapshot k0 = karbon("Kowhai Books Ltd", "books@kowhai.example", "09 555 0101");
        Map<SyncedField, AgreedField> base = base(x0, k0);
        ContactSnapshot xpmNow = xpm("Kowhai Books Ltd", "shop@kowhai.example", "09 555 0101");
        ContactSnapshot karbonNow = karbon("Kowhai Books Ltd", "books@kowhai.example", "09 555 0199");

        Map<SyncedField, Verdict> push = FieldMerge.merge(FieldValues.of(karbonNow), AGREED.plusSeconds(60), false,
                FieldValues.of(xpmNow), base);

        assertThat(push).containsEntry(SyncedField.PHONE, Verdict.FLOWS).containsEntry(SyncedField.EMAIL, Verdict.KEEP)
                .containsEntry(SyncedField.NAME, Verdict.SAME);
        assertThat(FieldMerge.targetKeepsChanges(push)).as("XPM's email is still to reach Karbon").isTrue();
        Map<SyncedField, Verdict> sync = FieldMerge.merge(FieldValues.of(xpmNow), AGREED.plusSeconds(60), true,
                FieldValues.of(karbonNow), base);
        assertThat(sync).containsEntry(SyncedField.EMAIL, Verdict.FLOWS).containsEntry(SyncedField.PHONE, Verdict.KEEP);
    }

    @Test
    void r21_one_field_changed_to_different_values_on_both_sides_is_a_conflict_and_holds_back_nothing_else() {
        ContactSnapshot x0 = xpm("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0101");
        ContactSnapshot k0 = karbon("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0101");
        Map<SyncedField, Verdict> merged = FieldMerge.merge(
                FieldValues.of(karbon("Rimu Tyres Ltd", "accounts@rimu.example", "09 555 0202")), null, false,
                FieldValues.of(xpm("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0303")), base(x0, k0));
        assertThat(merged).containsEntry(SyncedField.PHONE, Verdict.CONFLICT)
                .containsEntry(SyncedField.EMAIL, Verdict.FLOWS);
    }

    @Test
    void r21_the_same_value_typed_on_both_sides_is_agreement_not_a_conflict() {
        ContactSnapshot x0 = xpm("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0101");
        ContactSnapshot k0 = karbon("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0101");
        Map<SyncedField, Verdict> merged = FieldMerge.merge(
                FieldValues.of(karbon("Rimu Tyres Ltd", "tyres@rimu.example", "09 555 0404")), null, false,
                FieldValues.of(xpm("Rimu Tyres Ltd", "tyres@rimu.example", "(09) 555-0404")), base(x0, k0));
        assertThat(merged.values()).containsOnly(Verdict.SAME);
    }

    @Test
    void r21_a_change_read_before_the_two_systems_last_agreed_never_wins_over_the_agreement() {
        // 13:08:21 a poll reads XPM's old name; 13:08:56 Karbon's rename is written to XPM (the new base)
        ContactSnapshot xpmRenamed = xpm("Tui Bakery Ltd", "hello@tui.example", "09 555 0101");
        ContactSnapshot karbonRenamed = karbon("Tui Bakery Ltd", "hello@tui.example", "09 555 0101");
        ContactSnapshot staleXpm = xpm("Tui Cakes Ltd", "hello@tui.example", "09 555 0101");

        Map<SyncedField, Verdict> merged = FieldMerge.merge(FieldValues.of(staleXpm),
                Instant.parse("2026-12-07T13:08:21Z"), true, FieldValues.of(karbonRenamed),
                base(xpmRenamed, karbonRenamed));

        assertThat(merged).containsEntry(SyncedField.NAME, Verdict.STALE);
        assertThat(merged.values()).noneMatch(Verdict::writes);
    }

    @Test
    void r21_without_a_base_the_change_flows_as_before_and_makes_one() {
        Map<SyncedField, Verdict> merged = FieldMerge.merge(
                FieldValues.of(xpm("Tui Bakery Ltd", "hello@tui.example", "09 555 0101")), null, true,
                FieldValues.of(karbon("Tui Cakes Ltd", "hello@tui.example", "09 555 0101")), Map.of());
        assertThat(merged).containsEntry(SyncedField.NAME, Verdict.FLOWS).containsEntry(SyncedField.EMAIL, Verdict.SAME);
    }

    @Test
    void r21_a_field_is_taken_from_the_other_side_alone() {
        ContactSnapshot target = karbon("Tui Bakery Ltd", "hello@tui.example", "09 555 0101");
        ContactSnapshot source = xpm("Tui Cakes Ltd", "shop@tui.example", "09 555 0202");
        ContactSnapshot withEmail = FieldValues.with(target, SyncedField.EMAIL, source);
        assertThat(withEmail.emails()).containsExactly("shop@tui.example", "other@x.example");
        assertThat(withEmail.name()).isEqualTo("Tui Bakery Ltd");
        ContactSnapshot withPhone = FieldValues.with(target, SyncedField.PHONE, source);
        assertThat(withPhone.phones()).containsExactly(new Phone("09 555 0202", "Work"));
        assertThat(FieldValues.withTyped(target, SyncedField.NAME, " Tui Treats ").name()).isEqualTo("Tui Treats");
    }

    @Test
    void r21_the_newest_base_of_a_field_wins_wherever_it_travelled() {
        AgreedField older = new AgreedField(SyncedField.NAME, "a", "a", "a", AGREED);
        AgreedField newer = new AgreedField(SyncedField.NAME, "b", "b", "b", AGREED.plusSeconds(1));
        assertThat(AgreedField.newer(older, newer)).isEqualTo(newer);
        assertThat(AgreedField.newer(newer, older)).isEqualTo(newer);
    }
}
