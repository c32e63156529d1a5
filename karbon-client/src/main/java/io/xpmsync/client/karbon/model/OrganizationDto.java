package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One Organization (Karbon's CreateOrganizationResponse, with business cards and related Contacts when expanded). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganizationDto(
        @JsonProperty("@odata.context") String odataContext,
        @JsonProperty("@odata.type") String odataType,
        @JsonProperty("OrganizationKey") String organizationKey,
        @JsonProperty("FullName") String fullName,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier,
        @JsonProperty("RestrictionLevel") String restrictionLevel,
        @JsonProperty("LastModifiedDateTime") String lastModifiedDateTime,
        @JsonProperty("BusinessCards") List<BusinessCardDto> businessCards,
        @JsonProperty("Contacts") List<RelatedContactDto> contacts) {

    /** A Contact linked to the Organization by one of its business cards (Karbon's ContactsCardOrganization). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RelatedContactDto(
            @JsonProperty("ContactKey") String contactKey,
            @JsonProperty("FullName") String fullName,
            @JsonProperty("EmailAddress") String emailAddress,
            @JsonProperty("RoleOrTitle") String roleOrTitle,
            @JsonProperty("LastModifiedDateTime") String lastModifiedDateTime) {
    }
}
