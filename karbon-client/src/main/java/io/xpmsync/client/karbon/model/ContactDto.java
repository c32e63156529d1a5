package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Karbon's ResponseCreateContact: one Contact, with its business cards when expanded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactDto(
        @JsonProperty("@odata.context") String odataContext,
        @JsonProperty("@odata.type") String odataType,
        @JsonProperty("ContactKey") String contactKey,
        @JsonProperty("FirstName") String firstName,
        @JsonProperty("MiddleName") String middleName,
        @JsonProperty("LastName") String lastName,
        @JsonProperty("PreferredName") String preferredName,
        @JsonProperty("Salutation") String salutation,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier,
        @JsonProperty("RestrictionLevel") String restrictionLevel,
        @JsonProperty("LastModifiedDateTime") String lastModifiedDateTime,
        @JsonProperty("BusinessCards") List<BusinessCardDto> businessCards) {
}
