package io.xpmsync.contracts.contact;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhonesTest {

    @Test
    void one_number_written_three_ways_is_one_number() {
        assertThat(Phones.same("+64 9 555 0101", "09 555 0101", "NZ")).isTrue();
        assertThat(Phones.same("(09) 555-0101", "09 555 0101", "NZ")).isTrue();
        assertThat(Phones.same("+64 9 555 0101", "(09) 555-0101", "NZ")).isTrue();
        assertThat(Phones.same("+64 9 555 0101", "09 555 0101", null)).as("without a region too").isTrue();
        assertThat(Phones.same("+61 2 9000 1000", "(02) 9000 1000", "AU")).isTrue();
        assertThat(Phones.same("09 555 0101", "09 555 0102", "NZ")).isFalse();
    }

    @Test
    void an_extension_is_part_of_the_number() {
        assertThat(Phones.same("09 555 0101 ext. 12", "+64 9 555 0101 x12", "NZ")).isTrue();
        assertThat(Phones.same("09 555 0101 ext. 12", "09 555 0101", "NZ")).isFalse();
    }

    @Test
    void a_number_too_long_for_karbon_is_written_in_its_shortest_form_or_not_at_all() {
        assertThat(Phones.fitting("09 555 0101", "NZ", 20)).contains("09 555 0101");
        assertThat(Phones.fitting("+64 (0)9 555 0101 extension 1234", "NZ", 20)).contains("+6495550101x1234");
        assertThat(Phones.fitting("call reception and ask for Mia", "NZ", 20)).isEmpty();
    }

    @Test
    void the_region_is_the_country_of_the_contacts_address() {
        assertThat(Phones.region(new Address(java.util.List.of("1 Queen St"), "Auckland", null, "1010",
                "New Zealand"))).isEqualTo("NZ");
        assertThat(Phones.region((Address) null)).isNull();
    }
}
