package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Karbon's BusinessCard, as read and written (requests may leave the key and entity fields out). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BusinessCardDto(
        @JsonProperty("BusinessCardKey") String businessCardKey,
        @JsonProperty("EntityType") String entityType,
        @JsonProperty("EntityKey") String entityKey,
        @JsonProperty("IsPrimaryCard") Boolean isPrimaryCard,
        @JsonProperty("OrganizationKey") String organizationKey,
        @JsonProperty("RoleOrTitle") String roleOrTitle,
        @JsonProperty("EmailAddresses") List<String> emailAddresses,
        @JsonProperty("PhoneNumbers") List<PhoneNumberDto> phoneNumbers,
        @JsonProperty("Addresses") List<AddressDto> addresses,
        @JsonProperty("WebSites") List<String> webSites) {
}
