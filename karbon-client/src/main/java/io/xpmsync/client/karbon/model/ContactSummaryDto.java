package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One item of GET /v3/Contacts (Karbon's ContactSummaryDTO). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactSummaryDto(
        @JsonProperty("@odata.type") String odataType,
        @JsonProperty("ContactKey") String contactKey,
        @JsonProperty("FullName") String fullName,
        @JsonProperty("PreferredName") String preferredName,
        @JsonProperty("Salutation") String salutation,
        @JsonProperty("Address") String address,
        @JsonProperty("EmailAddress") String emailAddress,
        @JsonProperty("PhoneNumber") String phoneNumber,
        @JsonProperty("RoleOrTitle") String roleOrTitle,
        @JsonProperty("ContactType") String contactType,
        @JsonProperty("LastModifiedDateTime") String lastModifiedDateTime,
        @JsonProperty("UserDefinedIdentifier") String userDefinedIdentifier) {
}
