package io.xpmsync.xpmsandbox.api;

import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmClientList;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmContactList;
import io.xpmsync.client.xpm.model.XpmPagination;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.xpmsandbox.service.PracticeStore;
import io.xpmsync.xpmsandbox.service.XpmApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * XPM 3.1's client API in XML, as the XML fixtures of the specs module show it. Requests are read with the same XML model
 * our client writes; answers carry every field (empty when unset), {@code <Website>}, Yes/No flags and the
 * {@code api-method} attribute. The practice is the one named by {@code Xero-Tenant-Id}, checked by {@link ApiGate}.
 */
@Path("/practicemanager/3.1/client.api")
@Produces(MediaType.TEXT_XML)
@Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.WILDCARD})
public class ClientApiResource {

    private final PracticeStore store;
    private final XpmXml xml = new XpmXml();

    ClientApiResource(PracticeStore store) {
        this.store = store;
    }

    @GET
    @Path("list")
    public String list(@HeaderParam("Xero-Tenant-Id") String tenant, @QueryParam("detailed") String detailed,
                       @QueryParam("modifiedsince") String modifiedSince) {
        var clients = store.list(PracticeStore.parse(tenant), modifiedSince == null ? null : since(modifiedSince));
        return ok("List", null, null, new XpmClientList(clients), null, null);
    }

    @GET
    @Path("paged-list")
    public String pagedList(@HeaderParam("Xero-Tenant-Id") String tenant, @QueryParam("pageSize") Integer pageSize,
                            @QueryParam("pageToken") String pageToken, @Context UriInfo uri) {
        int size = pageSize(pageSize);
        var page = store.pagedList(PracticeStore.parse(tenant), size, token(pageToken));
        return ok("PagedList", null, null, new XpmClientList(page.items()), null,
                pagination(uri, size, page.next()));
    }

    @GET
    @Path("get/{uuid}")
    public String get(@HeaderParam("Xero-Tenant-Id") String tenant, @PathParam("uuid") String uuid) {
        return ok("Get", store.get(PracticeStore.parse(tenant), PracticeStore.parse(uuid)), null, null, null, null);
    }

    @POST
    @Path("add")
    public String add(@HeaderParam("Xero-Tenant-Id") String tenant, String body) {
        return ok("Add", store.add(PracticeStore.parse(tenant), read(body, XpmClient.class)), null, null, null, null);
    }

    @PUT
    @Path("update")
    public String update(@HeaderParam("Xero-Tenant-Id") String tenant, String body) {
        return ok("Update", store.update(PracticeStore.parse(tenant), read(body, XpmClient.class)), null, null, null,
                null);
    }

    @PUT
    @Path("archive")
    public String archive(@HeaderParam("Xero-Tenant-Id") String tenant, String body) {
        UUID tenantId = PracticeStore.parse(tenant);
        UUID uuid = uuidOf(read(body, XpmClient.class));
        store.archive(tenantId, uuid);
        return ok("Archive", store.get(tenantId, uuid), null, null, null, null);
    }

    @POST
    @Path("delete")
    public String delete(@HeaderParam("Xero-Tenant-Id") String tenant, String body) {
        store.delete(PracticeStore.parse(tenant), uuidOf(read(body, XpmClient.class)));
        return ok("Delete", null, null, null, null, null);
    }

    @GET
    @Path("contacts")
    public String contacts(@HeaderParam("Xero-Tenant-Id") String tenant, @QueryParam("pageSize") Integer pageSize,
                           @QueryParam("pageToken") String pageToken, @Context UriInfo uri) {
        int size = pageSize(pageSize);
        var page = store.contacts(PracticeStore.parse(tenant), size, token(pageToken));
        return ok("Contacts", null, null, null, new XpmContactList(page.items()), pagination(uri, size, page.next()));
    }

    @GET
    @Path("contact/{uuid}")
    public String getContact(@HeaderParam("Xero-Tenant-Id") String tenant, @PathParam("uuid") String uuid,
                             @QueryParam("clientUuid") String clientUuid) {
        return ok("Contact", null, store.getContact(PracticeStore.parse(tenant), PracticeStore.parse(uuid),
                clientUuid == null ? null : PracticeStore.parse(clientUuid)), null, null, null);
    }

    @PUT
    @Path("contact/{uuid}")
    public String updateContact(@HeaderParam("Xero-Tenant-Id") String tenant, @PathParam("uuid") String uuid,
                                @QueryParam("clientUuid") String clientUuid, String body) {
        return ok("Contact", null, store.updateContact(PracticeStore.parse(tenant), PracticeStore.parse(uuid),
                clientUuid == null ? null : PracticeStore.parse(clientUuid), read(body, XpmContact.class)), null, null,
                null);
    }

    @DELETE
    @Path("contact/{uuid}")
    public String deleteContact(@HeaderParam("Xero-Tenant-Id") String tenant, @PathParam("uuid") String uuid,
                                @QueryParam("clientUuid") String clientUuid) {
        store.deleteContact(PracticeStore.parse(tenant), PracticeStore.parse(uuid),
                clientUuid == null ? null : PracticeStore.parse(clientUuid));
        return ok("Contact", null, null, null, null, null);
    }

    @POST
    @Path("contact")
    public String addContact(@HeaderParam("Xero-Tenant-Id") String tenant, String body) {
        return ok("Contact", null, store.addContact(PracticeStore.parse(tenant), read(body, XpmContact.class)), null,
                null, null);
    }

    @POST
    @Path("client/{uuid}/contacts")
    public String link(@HeaderParam("Xero-Tenant-Id") String tenant, @PathParam("uuid") String uuid, String body) {
        store.link(PracticeStore.parse(tenant), PracticeStore.parse(uuid), read(body, XpmClient.class).contacts());
        return ok("ClientContacts", null, null, null, null, null);
    }

    private String ok(String method, XpmClient client, XpmContact contact, XpmClientList clients,
                      XpmContactList contacts, XpmPagination pagination) {
        return xml.write(XpmResponse.ok(method, client, contact, clients, contacts, pagination));
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return xml.read(body, type);
        } catch (RuntimeException e) {
            throw new XpmApiException(400, "The request body is not a valid " + type.getSimpleName().replace("Xpm", "")
                    + " XML element: " + e.getMessage());
        }
    }

    private static UUID uuidOf(XpmClient client) {
        if (client.uuid() == null || client.uuid().isBlank()) {
            throw XpmApiException.invalid("UUID is required");
        }
        return PracticeStore.parse(client.uuid());
    }

    /** XPM takes {@code modifiedsince} as {@code yyyy-MM-ddTHH:mm:ss} in UTC. */
    private static java.time.Instant since(String value) {
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new XpmApiException(400, "modifiedsince must be yyyy-MM-ddTHH:mm:ss (UTC), not '" + value + "'");
        }
    }

    private static int pageSize(Integer pageSize) {
        int size = pageSize == null ? 50 : pageSize;
        if (size < 1 || size > 500) {
            throw new XpmApiException(400, "pageSize must be between 1 and 500, not " + size);
        }
        return size;
    }

    private static UUID token(String pageToken) {
        if (pageToken == null || pageToken.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(pageToken.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new XpmApiException(400, "pageToken '" + pageToken + "' is not one this API gave out");
        }
    }

    private static XpmPagination pagination(UriInfo uri, int size, String nextAfter) {
        String first = uri.getAbsolutePathBuilder().replaceQuery(null).queryParam("pageSize", size).build().toString();
        String next = nextAfter == null ? null : uri.getAbsolutePathBuilder().replaceQuery(null)
                .queryParam("pageSize", size)
                .queryParam("pageToken", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(nextAfter.getBytes(StandardCharsets.UTF_8))).build().toString();
        return new XpmPagination(new XpmPagination.Links(first, next));
    }
}
