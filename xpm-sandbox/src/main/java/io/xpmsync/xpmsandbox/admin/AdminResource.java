package io.xpmsync.xpmsandbox.admin;

import io.xpmsync.client.xpm.XpmXml;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmClientList;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmResponse;
import io.xpmsync.xpmsandbox.identity.Identity;
import io.xpmsync.xpmsandbox.persistence.ClientEntity;
import io.xpmsync.xpmsandbox.persistence.ContactEntity;
import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import io.xpmsync.xpmsandbox.persistence.SandboxUserEntity;
import io.xpmsync.xpmsandbox.service.CallLog;
import io.xpmsync.xpmsandbox.service.Faults;
import io.xpmsync.xpmsandbox.service.PracticeStore;
import io.xpmsync.xpmsandbox.service.SamplePracticeSeeder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox's own API, outside XPM's paths and limits: create practices and their users, seed and change clients
 * and contacts, read them back, read the call log, set a practice's limits, inject faults, expire tokens.
 */
@Path("/admin/practices")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record NewPractice(String name, String ownerEmail, String ownerPassword, String ownerName) {
    }

    public record Limits(Integer perMinute, Integer perDay, Integer concurrent) {
    }

    public record Generate(Long seed, Integer clients, Integer contactsPerOrganisation) {
    }

    public record Fault(String kind, Integer count, Long millis, Long retryAfterSeconds, Integer clients) {
    }

    private final PracticeStore store;
    private final SamplePracticeSeeder seeder;
    private final Faults faults;
    private final CallLog log;
    private final Identity identity;
    private final XpmXml xml = new XpmXml();

    AdminResource(PracticeStore store, SamplePracticeSeeder seeder, Faults faults, CallLog log, Identity identity) {
        this.store = store;
        this.seeder = seeder;
        this.faults = faults;
        this.log = log;
        this.identity = identity;
    }

    /** A practice, and its owner (a sandbox user who signs in on the authorize page) if new. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(NewPractice request) {
        if (request == null || blank(request.name()) || blank(request.ownerEmail()) || !request.ownerEmail().contains("@")) {
            throw new IllegalArgumentException("name and ownerEmail (an email address) are required");
        }
        String email = request.ownerEmail().strip().toLowerCase(Locale.ROOT);
        SandboxUserEntity user = SandboxUserEntity.findById(email);
        if (user == null) {
            if (blank(request.ownerPassword())) {
                throw new IllegalArgumentException("ownerPassword is required for a new user " + email);
            }
            user = new SandboxUserEntity();
            user.email = email;
            user.password = request.ownerPassword();
            user.name = blank(request.ownerName()) ? email : request.ownerName().strip();
            user.persist();
        }
        PracticeEntity practice = new PracticeEntity();
        practice.tenantId = UUID.randomUUID();
        practice.name = request.name().strip();
        practice.ownerEmail = email;
        practice.createdAt = Instant.now();
        practice.persist();
        return Response.status(201).entity(describe(practice)).build();
    }

    @GET
    @Path("{tenantId}")
    @Transactional
    public Map<String, Object> get(@PathParam("tenantId") UUID tenantId) {
        return describe(practice(tenantId));
    }

    @PUT
    @Path("{tenantId}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> limits(@PathParam("tenantId") UUID tenantId, Limits limits) {
        if (limits == null || notPositive(limits.perMinute()) || notPositive(limits.perDay()) || notPositive(limits.concurrent())) {
            throw new IllegalArgumentException("perMinute, perDay and concurrent must be positive or absent (default)");
        }
        PracticeEntity practice = practice(tenantId);
        practice.perMinute = limits.perMinute();
        practice.perDay = limits.perDay();
        practice.concurrent = limits.concurrent();
        return describe(practice);
    }

    /**
     * How the practice behaves where XPM's documentation is silent. {@code updatesClearOmitted} is refused: XPM answers
     * the tax number masked, so an XPM whose updates cleared what they leave out would lose every client's tax number.
     */
    public record Behaviour(Boolean contactEditsStampClients, Boolean updatesClearOmitted,
                            Boolean listOmitsGetFields) {
    }

    /**
     * {@code {"contactEditsStampClients": false}}: an edit of a contact no longer stamps its clients as modified;
     * {@code {"listOmitsGetFields": true}}: {@code client.api/list} answers as Xero's example. Either or both.
     */
    @PUT
    @Path("{tenantId}/behaviour")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> behaviour(@PathParam("tenantId") UUID tenantId, Behaviour behaviour) {
        if (behaviour != null && behaviour.updatesClearOmitted() != null) {
            throw new IllegalArgumentException("updatesClearOmitted is not a behaviour XPM can have: it answers the tax"
                    + " number masked, so an update that cleared what it leaves out would lose the client's tax number;"
                    + " updates keep what they leave out");
        }
        if (behaviour == null || behaviour.contactEditsStampClients() == null && behaviour.listOmitsGetFields() == null) {
            throw new IllegalArgumentException("contactEditsStampClients or listOmitsGetFields (true or false) is"
                    + " required");
        }
        PracticeEntity practice = practice(tenantId);
        if (behaviour.contactEditsStampClients() != null) {
            practice.contactEditsStampClients = behaviour.contactEditsStampClients();
        }
        if (behaviour.listOmitsGetFields() != null) {
            practice.listOmitsGetFields = behaviour.listOmitsGetFields();
        }
        return Map.of("contactEditsStampClients", practice.contactEditsStampClients,
                "listOmitsGetFields", practice.listOmitsGetFields);
    }

    /** Every client whole, as a person in XPM sees them (whatever {@code client.api/list} leaves out). */
    @GET
    @Path("{tenantId}/clients")
    @Produces(MediaType.TEXT_XML)
    public String clients(@PathParam("tenantId") UUID tenantId) {
        practiceExists(tenantId);
        return xml.write(XpmResponse.ok("List", null, null, new XpmClientList(store.all(tenantId)), null, null));
    }

    /** Adds a client ({@code <Client>}, as {@code client.api/add} takes it; {@code UUID} and {@code IsArchived} allowed). */
    @POST
    @Path("{tenantId}/clients")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    @Produces(MediaType.TEXT_XML)
    public Response addClient(@PathParam("tenantId") UUID tenantId, String body) {
        practiceExists(tenantId);
        XpmClient added = store.add(tenantId, read(body));
        return Response.status(201).entity(xml.write(XpmResponse.ok("Add", added, null, null, null, null))).build();
    }

    /**
     * Adds a contact ({@code <Contact>} with {@code <Client><UUID>}, as {@code client.api/contact} takes it) to a
     * client, as a person working in XPM would.
     */
    @POST
    @Path("{tenantId}/contacts")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    @Produces(MediaType.TEXT_XML)
    public Response addContact(@PathParam("tenantId") UUID tenantId, String body) {
        practiceExists(tenantId);
        XpmContact contact = read(body, XpmContact.class, "<Contact>");
        if (contact.client() == null || contact.client().uuid() == null || contact.client().uuid().isBlank()) {
            throw new IllegalArgumentException("the contact names no client: send <Client><UUID>...</UUID></Client>");
        }
        XpmContact added = store.addContact(tenantId, contact);
        return Response.status(201).entity(xml.write(XpmResponse.ok("Contact", null, added, null, null, null)))
                .build();
    }

    /**
     * Links existing contacts to a client as well ({@code <Client><Contacts><Contact><UUID>...}, as
     * {@code client.api/client/{uuid}/contacts} takes it), as a person working in XPM would: a contact can belong to
     * several clients.
     */
    @POST
    @Path("{tenantId}/clients/{uuid}/contacts")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    public Response linkContacts(@PathParam("tenantId") UUID tenantId, @PathParam("uuid") UUID uuid, String body) {
        practiceExists(tenantId);
        store.link(tenantId, uuid, read(body, XpmClient.class, "<Client>").contacts());
        return Response.noContent().build();
    }

    /** Changes a client as {@code client.api/update} does, as a person working in XPM would. */
    @PUT
    @Path("{tenantId}/clients")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    @Produces(MediaType.TEXT_XML)
    public String updateClient(@PathParam("tenantId") UUID tenantId, String body) {
        practiceExists(tenantId);
        return xml.write(XpmResponse.ok("Update", store.update(tenantId, read(body)), null, null, null, null));
    }

    @POST
    @Path("{tenantId}/clients/{uuid}/archive")
    public Response archive(@PathParam("tenantId") UUID tenantId, @PathParam("uuid") UUID uuid) {
        practiceExists(tenantId);
        store.archive(tenantId, uuid);
        return Response.noContent().build();
    }

    /** Converts a prospect to a client as XPM does (see {@link PracticeStore#convertProspect}): answers the new client. */
    @POST
    @Path("{tenantId}/clients/{uuid}/convert")
    @Produces(MediaType.TEXT_XML)
    public Response convert(@PathParam("tenantId") UUID tenantId, @PathParam("uuid") UUID uuid) {
        practiceExists(tenantId);
        XpmClient converted = store.convertProspect(tenantId, uuid);
        return Response.status(201).entity(xml.write(XpmResponse.ok("Add", converted, null, null, null, null))).build();
    }

    @POST
    @Path("{tenantId}/clients/{uuid}/delete")
    public Response delete(@PathParam("tenantId") UUID tenantId, @PathParam("uuid") UUID uuid) {
        practiceExists(tenantId);
        store.delete(tenantId, uuid);
        return Response.noContent().build();
    }

    /** Seeds a generated sample practice: {@code seed}, {@code clients}, optional {@code contactsPerOrganisation}. */
    @POST
    @Path("{tenantId}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public SamplePracticeSeeder.Seeded generate(@PathParam("tenantId") UUID tenantId, Generate request) {
        practiceExists(tenantId);
        if (request == null || request.seed() == null || request.clients() == null || request.clients() < 1
                || request.clients() > 100_000) {
            throw new IllegalArgumentException("seed and clients (1 to 100000) are required");
        }
        int perOrganisation = request.contactsPerOrganisation() == null ? 0 : request.contactsPerOrganisation();
        if (perOrganisation < 0 || perOrganisation > 50) {
            throw new IllegalArgumentException("contactsPerOrganisation must be between 0 (the default mix) and 50");
        }
        return seeder.seed(tenantId, request.seed(), request.clients(), perOrganisation);
    }

    @GET
    @Path("{tenantId}/calls")
    public List<CallLog.Call> calls(@PathParam("tenantId") UUID tenantId, @QueryParam("after") Long after) {
        practiceExists(tenantId);
        return log.since(tenantId, after == null ? 0 : after);
    }

    /** The practice's next {@code count} API calls fail as {@code kind} says (see {@link Faults.Kind}). */
    @POST
    @Path("{tenantId}/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> inject(@PathParam("tenantId") UUID tenantId, Fault request) {
        practiceExists(tenantId);
        if (request == null || request.kind() == null) {
            throw new IllegalArgumentException("kind is required");
        }
        int count = request.count() == null ? 1 : request.count();
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be between 1 and 1000");
        }
        faults.inject(tenantId, new Faults.Fault(Faults.Kind.parse(request.kind()),
                request.millis() == null ? 5_000 : request.millis(),
                request.retryAfterSeconds() == null ? 1 : request.retryAfterSeconds(),
                request.clients() == null ? 0 : Math.max(0, request.clients())), count);
        return Map.of("pending", faults.pending(tenantId));
    }

    @DELETE
    @Path("{tenantId}/faults")
    public Response clearFaults(@PathParam("tenantId") UUID tenantId) {
        faults.clear(tenantId);
        return Response.noContent().build();
    }

    /** Every access token that reaches the practice expires now: the next API call gets 401. */
    @POST
    @Path("{tenantId}/tokens/expire")
    public Map<String, Object> expireTokens(@PathParam("tenantId") UUID tenantId) {
        practiceExists(tenantId);
        return Map.of("expired", identity.expireAccessTokens(tenantId));
    }

    /** Every grant that reaches the practice is revoked (the user removed the app in Xero): tokens stop working. */
    @POST
    @Path("{tenantId}/tokens/revoke")
    public Map<String, Object> revokeGrants(@PathParam("tenantId") UUID tenantId) {
        practiceExists(tenantId);
        return Map.of("revokedGrants", identity.revokeGrants(tenantId));
    }

    private XpmClient read(String body) {
        return read(body, XpmClient.class, "<Client>");
    }

    private <T> T read(String body, Class<T> type, String element) {
        try {
            return xml.read(body, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body is not a " + element + " element: " + e.getMessage());
        }
    }

    private Map<String, Object> describe(PracticeEntity p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenantId", p.tenantId.toString());
        body.put("name", p.name);
        body.put("ownerEmail", p.ownerEmail);
        body.put("clients", ClientEntity.count("tenantId", p.tenantId));
        body.put("contacts", ContactEntity.count("tenantId", p.tenantId));
        body.put("limits", new Limits(p.perMinute, p.perDay, p.concurrent));
        body.put("pendingFaults", faults.pending(p.tenantId));
        return body;
    }

    private static PracticeEntity practice(UUID tenantId) {
        PracticeEntity practice = PracticeEntity.findById(tenantId);
        if (practice == null) {
            throw new NotFoundException("no practice " + tenantId);
        }
        return practice;
    }

    private static void practiceExists(UUID tenantId) {
        practice(tenantId);
    }

    private static boolean notPositive(Integer value) {
        return value != null && value < 1;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
