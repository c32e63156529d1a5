package io.xpmsync.client.karbon.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** GET /v3/TenantSettings: the firm's Contact Types (work settings are empty in the sandbox). */
public record TenantSettingsDto(
        @JsonProperty("@odata.context") String odataContext,
        @JsonProperty("TenantKey") String tenantKey,
        @JsonProperty("ClientAccessActivated") boolean clientAccessActivated,
        @JsonProperty("ContactTypes") List<ContactTypeDto> contactTypes,
        @JsonProperty("WorkStatuses") List<Object> workStatuses,
        @JsonProperty("WorkTypes") List<Object> workTypes,
        @JsonProperty("ServiceTypes") List<Object> serviceTypes) {

    public record ContactTypeDto(@JsonProperty("Name") String name,
                                 @JsonProperty("ContactTypeKey") String contactTypeKey) {
    }
}
