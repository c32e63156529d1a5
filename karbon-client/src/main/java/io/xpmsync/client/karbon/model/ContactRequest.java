package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Karbon's CreateContact: the body of POST and PUT /v3/Contacts. */
public record ContactRequest(
        @JsonProperty("FirstName") String firstName,
        @JsonProperty("MiddleName") String middleName,
        @JsonProperty("LastName") String lastName,
        @JsonProperty("PreferredName") String preferredName,
        @JsonProperty("Salutation") String salutation,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier,
        @JsonProperty("RestrictionLevel") String restrictionLevel,
        @JsonProperty("BusinessCards") List<BusinessCardDto> businessCards) {
}
