package io.xpmsync.contracts.contact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** XPM's address values fitted to what Karbon's business cards take. */
class KarbonLengthsTest {

    @Test
    void an_address_that_fits_is_itself() {
        Address a = new Address(List.of("12 Queen Street", "", "Level 3"), "Auckland", null, "1010", "New Zealand");
        assertThat(KarbonLengths.fitted(a)).isSameAs(a);
        assertThat(KarbonLengths.fitted(null)).isNull();
    }

    @Test
    void lines_are_cut_as_karbon_holds_them_joined_by_line_breaks_and_the_other_values_each_to_its_limit() {
        String first = "Unit 4, " + "Orchard Chambers ".repeat(10);
        Address a = new Address(List.of(first, "Old Packhouse Road ".repeat(5)), "Te Puke", "R".repeat(101),
                "3119-3119-3119-3119-3119", "New Zealand");

        Address fitted = KarbonLengths.fitted(a);

        String joined = String.join("\n", a.lines());
        assertThat(String.join("\n", fitted.lines())).isEqualTo(joined.substring(0, 200).stripTrailing());
        assertThat(fitted.lines()).hasSize(2).first().isEqualTo(first);
        assertThat(fitted.city()).isEqualTo("Te Puke");
        assertThat(fitted.region()).hasSize(100);
        assertThat(fitted.postCode()).isEqualTo("3119-3119-3119-3119-");
        assertThat(fitted.country()).isEqualTo("New Zealand");
        assertThat(KarbonLengths.fitted(fitted)).as("fitting twice changes nothing").isEqualTo(fitted);
    }
}
