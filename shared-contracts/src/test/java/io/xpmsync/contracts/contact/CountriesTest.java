package io.xpmsync.contracts.contact;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountriesTest {

    @Test
    void names_aliases_and_codes_in_any_case_and_spacing_give_the_iso_code() {
        assertThat(Countries.code("New Zealand")).contains("NZ");
        assertThat(Countries.code("  new   zealand ")).contains("NZ");
        assertThat(Countries.code("NZ")).contains("NZ");
        assertThat(Countries.code("nz")).contains("NZ");
        assertThat(Countries.code("NZL")).contains("NZ");
        assertThat(Countries.code("United Kingdom")).contains("GB");
        assertThat(Countries.code("UK")).contains("GB");
        assertThat(Countries.code("U.K.")).contains("GB");
        assertThat(Countries.code("England")).contains("GB");
        assertThat(Countries.code("USA")).contains("US");
        assertThat(Countries.code("United States of America")).contains("US");
        assertThat(Countries.code("United States")).contains("US");
        assertThat(Countries.code("Australia")).contains("AU");
        assertThat(Countries.code("South Africa")).contains("ZA");
        assertThat(Countries.code("Canada")).contains("CA");
        assertThat(Countries.code("Côte d'Ivoire")).contains("CI");
        assertThat(Countries.code("Narnia")).isEmpty();
        assertThat(Countries.code("")).isEmpty();
        assertThat(Countries.code(null)).isEmpty();
    }

    @Test
    void a_code_becomes_the_name_xpm_holds() {
        assertThat(Countries.name("NZ")).isEqualTo("New Zealand");
        assertThat(Countries.name("GB")).isEqualTo("United Kingdom");
        assertThat(Countries.name("AU")).isEqualTo("Australia");
        assertThat(Countries.name("ZA")).isEqualTo("South Africa");
        assertThat(Countries.name("Narnia")).isEqualTo("Narnia");
    }

    @Test
    void the_same_country_in_either_system_compares_equal() {
        assertThat(Countries.same("New Zealand", "NZ")).isTrue();
        assertThat(Countries.same("UK", "GB")).isTrue();
        assertThat(Countries.same("Australia", "NZ")).isFalse();
        assertThat(Countries.same("Narnia", " narnia ")).isTrue();
        assertThat(Countries.same(null, "")).isTrue();
        assertThat(Countries.comparable("New Zealand")).isEqualTo(Countries.comparable("nz"));
    }
}
