package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Karbon's CreateOrganization: the body of POST and PUT /v3/Organizations. */
public record OrganizationRequest(
        @JsonProperty("FullName") String fullName,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier,
        @JsonProperty("RestrictionLevel") String restrictionLevel,
        @JsonProperty("BusinessCards") List<BusinessCardDto> businessCards) {
}
