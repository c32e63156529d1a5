package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddressDto(
        @JsonProperty("AddressKey") String addressKey,
        @JsonProperty("AddressLines") String addressLines,
        @JsonProperty("City") String city,
        @JsonProperty("StateProvinceCounty") String stateProvinceCounty,
        @JsonProperty("ZipCode") String zipCode,
        @JsonProperty("CountryCode") String countryCode,
        @JsonProperty("Label") String label) {
}
