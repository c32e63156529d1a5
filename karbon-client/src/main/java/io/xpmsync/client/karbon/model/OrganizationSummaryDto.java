package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One item of GET /v3/Organizations (Karbon's OrganizationSummaryDTO). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganizationSummaryDto(
        @JsonProperty("@odata.type") String odataType,
        @JsonProperty("OrganizationKey") String organizationKey,
        @JsonProperty("FullName") String fullName,
        @JsonProperty("PhoneNumber") String phoneNumber,
        @JsonProperty("EmailAddress") String emailAddress,
        @JsonProperty("Website") String website,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("LastModifiedDateTime") String lastModifiedDateTime,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier) {
}
