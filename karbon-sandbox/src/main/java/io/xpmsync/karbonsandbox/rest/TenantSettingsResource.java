package io.xpmsync.karbonsandbox.rest;

import io.xpmsync.client.karbon.model.TenantSettingsDto;
import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Karbon API v3 TenantSettings: the firm's Contact Types. */
@Path("/v3/TenantSettings")
@Produces(MediaType.APPLICATION_JSON)
public class TenantSettingsResource {

    private final CurrentFirm firm;

    TenantSettingsResource(CurrentFirm firm) {
        this.firm = firm;
    }

    @GET
    public TenantSettingsDto get() {
        FirmEntity tenant = firm.get();
        List<TenantSettingsDto.ContactTypeDto> types = KarbonStore.contactTypes(tenant).stream()
                .map(name -> new TenantSettingsDto.ContactTypeDto(name, UUID.nameUUIDFromBytes(
                        (tenant.tenantKey + name).getBytes(StandardCharsets.UTF_8)).toString().substring(0, 10)))
                .toList();
        return new TenantSettingsDto(ApiMapper.METADATA + "#TenantSettings/$entity", tenant.tenantKey, false, types,
                List.of(), List.of(), List.of());
    }
}
