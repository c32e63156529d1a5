package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoneNumberDto(
        @JsonProperty("PhoneNumberKey") String phoneNumberKey,
        @JsonProperty("Number") String number,
        @JsonProperty("CountryCode") String countryCode,
        @JsonProperty("Label") String label) {
}
