package io.xpmsync.karbonsandbox.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.karbonsandbox.rest.Writes;
import io.xpmsync.karbonsandbox.service.Conflicts;
import io.xpmsync.karbonsandbox.service.Unmodelled;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import io.xpmsync.karbonsandbox.rest.ApiCalls;
import io.xpmsync.karbonsandbox.rest.RateLimiter;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import io.xpmsync.karbonsandbox.service.SampleFirmSeeder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The sandbox's own API, outside Karbon's paths: create firms (tenants) and receive their API credentials, seed
 * contacts and organizations without credentials, and read every contact back in xpm-sync's value model. Seeding
 * goes through the same store as the Karbon API, so it emits the same events.
 */
@Path("/admin/firms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** A firm to create; {@code country} is an ISO 3166 alpha-2 code. */
    public record NewFirm(String firmId, String name, String country, List<String> contactTypes) {
    }

    /** A firm and the credentials to call the Karbon API as it. */
    public record FirmCredentials(String firmId, String tenantKey, String applicationId, String accessKey) {
    }

    /** A created record's key. */
    public record Created(String key) {
    }

    /** Fault injection: every API call of the firm answers 429 for this long. */
    public record Throttle(Long seconds) {
    }

    /** A sample practice to generate: the same seed always gives the same firm. */
    public record Generate(Long seed, Integer clients) {
    }

    private final KarbonStore store;
    private final SampleFirmSeeder seeder;
    private final ApiCalls calls;
    private final RateLimiter rateLimiter;
    private final Conflicts conflicts;
    private final Writes writes;

    AdminResource(KarbonStore store, SampleFirmSeeder seeder, ApiCalls calls, RateLimiter rateLimiter,
                  Conflicts conflicts, Writes writes) {
        this.store = store;
        this.seeder = seeder;
        this.calls = calls;
        this.rateLimiter = rateLimiter;
        this.conflicts = conflicts;
        this.writes = writes;
    }

    /** A storm of 429s: every Karbon API call of the firm is refused with {@code Retry-After} for the given seconds. */
    @POST
    @Path("/{firmId}/throttle")
    @Transactional
    public Response throttle(@PathParam("firmId") String firmId, Throttle request) {
        if (request == null || request.seconds() == null || request.seconds() < 1 || request.seconds() > 3600) {
            throw new KarbonApiException(400, "InvalidRequest", "seconds must be between 1 and 3600");
        }
        rateLimiter.throttle(store.firm(firmId).accessKey, request.seconds());
        return Response.noContent().build();
    }

    /** Fault injection: the next {@code updates} updates of the firm's records answer 409 StaleObjectState. */
    public record NextConflicts(Integer updates) {
    }

    @POST
    @Path("/{firmId}/conflicts")
    @Transactional
    public Response conflicts(@PathParam("firmId") String firmId, NextConflicts request) {
        if (request == null || request.updates() == null || request.updates() < 0 || request.updates() > 100) {
            throw new KarbonApiException(400, "InvalidRequest", "updates must be between 0 and 100");
        }
        conflicts.next(store.firm(firmId).firmId, request.updates());
        return Response.noContent().build();
    }

    /** The Karbon API calls made with the firm's credentials since the sandbox started. */
    @GET
    @Path("/{firmId}/calls")
    @Transactional
    public ApiCalls.Counts calls(@PathParam("firmId") String firmId) {
        return calls.of(store.firm(firmId).firmId);
    }

    /**
     * Seeds the firm with the Karbon side of a generated sample practice (see sample-data), which overlaps the XPM
     * practice generated from the same seed: exact, name-only, email-only and new cases.
     */
    @POST
    @Path("/{firmId}/generate")
    public Response generate(@PathParam("firmId") String firmId, Generate request) {
        if (request == null || request.seed() == null || request.clients() == null) {
            throw KarbonApiException.badRequest("send {\"seed\": number, \"clients\": number}");
        }
        return Response.status(Response.Status.CREATED)
                .entity(seeder.seed(firmId, request.seed(), request.clients())).build();
    }

    @POST
    public Response createFirm(NewFirm firm) {
        if (firm == null) {
            return Response.status(400).build();
        }
        FirmEntity created = store.createFirm(firm.firmId(), firm.name(), firm.country(), firm.contactTypes());
        return Response.status(Response.Status.CREATED).entity(credentials(created)).build();
    }

    @GET
    @Path("/{firmId}")
    @Transactional
    public FirmCredentials firm(@PathParam("firmId") String firmId) {
        return credentials(store.firm(firmId));
    }

    @GET
    @Path("/{firmId}/contacts")
    @Transactional
    public List<ContactSnapshot> contacts(@PathParam("firmId") String firmId) {
        FirmEntity firm = store.firm(firmId);
        return KarbonRecordEntity.<KarbonRecordEntity>list("firmId = ?1 order by key", firm.firmId).stream()
                .map(store::snapshot).toList();
    }

    @POST
    @Path("/{firmId}/contacts")
    @Transactional
    public Response seedContact(@PathParam("firmId") String firmId, ObjectNode body) {
        ContactRequest request = writes.request(body, ContactRequest.class);
        KarbonRecordEntity created = store.createContact(store.firm(firmId), request, null,
                Unmodelled.ofContact(body));
        return Response.status(Response.Status.CREATED).entity(new Created(created.key)).build();
    }

    @POST
    @Path("/{firmId}/organizations")
    @Transactional
    public Response seedOrganization(@PathParam("firmId") String firmId, ObjectNode body) {
        OrganizationRequest request = writes.request(body, OrganizationRequest.class);
        KarbonRecordEntity created = store.createOrganization(store.firm(firmId), request, null,
                Unmodelled.ofOrganization(body));
        return Response.status(Response.Status.CREATED).entity(new Created(created.key)).build();
    }

    /** A person deletes the Contact or Organization in Karbon: 204; announced as a deletion (event and webhook). */
    @DELETE
    @Path("/{firmId}/contacts/{key}")
    @Transactional
    public Response delete(@PathParam("firmId") String firmId, @PathParam("key") String key) {
        store.delete(store.firm(firmId), key);
        return Response.noContent().build();
    }

    private static FirmCredentials credentials(FirmEntity firm) {
        return new FirmCredentials(firm.firmId, firm.tenantKey, firm.applicationId, firm.accessKey);
    }
}
