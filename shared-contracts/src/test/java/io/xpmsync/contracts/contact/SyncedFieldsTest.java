package io.xpmsync.contracts.contact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyncedFieldsTest {

    private static final Address QUEEN_ST = new Address(List.of("12 Queen Street"), "Auckland", null, "1010", "NZ");

    private static ContactSnapshot org(String name, List<String> emails, List<Phone> phones, Address address,
                                       String type) {
        return new ContactSnapshot(ContactRef.karbonOrganization("K1"), name, null, null, emails, phones, address,
                null, null, type, List.of(), false, false, null);
    }

    @Test
    void onlyTheSyncedFieldsThatDifferEachBeforeAndAfterInWords() {
        ContactSnapshot before = org("Acme", List.of("a@acme.example"), List.of(new Phone("09 1", "Work")), QUEEN_ST,
                "Client");
        ContactSnapshot after = org("Acme Ltd", List.of("a@acme.example", "b@acme.example"),
                List.of(new Phone("09 1", "Work")), null, "Supplier");

        assertThat(SyncedFields.changes(before, after)).containsExactly(
                new FieldChange("Name", "Acme", "Acme Ltd"),
                new FieldChange("Email", "a@acme.example", "a@acme.example, b@acme.example"),
                new FieldChange("Physical address", "12 Queen Street, Auckland, 1010, NZ", null));
        assertThat(SyncedFields.changes(after, after)).as("the Contact Type is not synced").isEmpty();
    }

    @Test
    void aRecordMadeNowHasEveryFieldItHoldsWithNothingBefore() {
        ContactSnapshot made = org("Acme", List.of(), List.of(new Phone("09 1", "Work"), new Phone("021 2", null)),
                null, null);
        assertThat(SyncedFields.changes(null, made)).containsExactly(new FieldChange("Name", null, "Acme"),
                new FieldChange("Phone", null, "09 1 (Work), 021 2"));
    }
}
