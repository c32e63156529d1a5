package io.xpmsync.contracts.contact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessStructuresTest {

    private static ContactSnapshot client(String structure, String first, String last) {
        return new ContactSnapshot(ContactRef.xpmClient("C1"), "Kim Park", first, last, List.of(), List.of(), null,
                null, structure, null, List.of(), false, false, null);
    }

    @Test
    void individuals_and_sole_traders_become_people_in_any_case_and_spacing() {
        assertThat(BusinessStructures.becomesPerson(client("Individual", null, null))).isTrue();
        assertThat(BusinessStructures.becomesPerson(client("  sole   TRADER ", null, null))).isTrue();
        assertThat(BusinessStructures.becomesPerson(client("Company", "Kim", "Park"))).isFalse();
        assertThat(BusinessStructures.becomesPerson(client("Trust", null, null))).isFalse();
    }

    @Test
    void without_a_structure_a_first_and_last_name_make_a_person() {
        assertThat(BusinessStructures.becomesPerson(client(null, "Kim", "Park"))).isTrue();
        assertThat(BusinessStructures.becomesPerson(client(" ", "Kim", "Park"))).isTrue();
        assertThat(BusinessStructures.becomesPerson(client(null, "Kim", null))).isFalse();
        assertThat(BusinessStructures.becomesPerson(client(null, null, null))).isFalse();
    }

    @Test
    void an_xpm_contact_is_always_a_person() {
        assertThat(BusinessStructures.becomesPerson(new ContactSnapshot(ContactRef.xpmContact("P1"), "Reception",
                null, null, List.of(), List.of(), null, null, null, null, List.of(), false, false, null))).isTrue();
    }
}
