package io.xpmsync.mapping.rest;

import io.xpmsync.mapping.history.ContactHistory;
import io.xpmsync.security.ApiProblem;
import io.xpmsync.security.Problems;
import io.xpmsync.security.Callers;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.xpmsync.mapping.persistence.MappingEntity;
import io.xpmsync.mapping.service.Mappings;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** View Client List (mapped contacts with search, sorting and paging) and Remove Match. */
@Path("/firms/{firmId}/mappings")
@Produces(MediaType.APPLICATION_JSON)
public class MappingResource {

    private static final Pattern FIRM = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Map<String, String> SORTS = Map.of("xpmName", "xpmName", "karbonName", "karbonName",
            "method", "method", "updatedAt", "updatedAt", "createdAt", "createdAt");

    /** One row of the client list. */
    public record Row(UUID id, String xpmId, String xpmKind, String xpmName, String karbonKey, String karbonKind,
                      String karbonName, String state, String method, Instant createdAt, Instant updatedAt) {
        static Row of(MappingEntity m) {
            return new Row(m.id, m.xpmId, m.xpmKind, m.xpmName, m.karbonKey, m.karbonKind, m.karbonName, m.state,
                    m.method, m.createdAt, m.updatedAt);
        }
    }

    /** A page of the client list. */
    public record RowPage(List<Row> items, long total, int page, int size) {
    }

    private final Mappings mappings;
    private final ContactHistory history;

    MappingResource(Mappings mappings, ContactHistory history) {
        this.mappings = mappings;
        this.history = history;
    }

    /**
     * Mapped contacts (removed ones left out): {@code search} in either name, {@code sort} by xpmName (default),
     * karbonName, method, createdAt or updatedAt, {@code order} asc or desc, {@code page} from 0, {@code size} 1 to 200.
     */
    @GET
    @Transactional
    public RowPage list(@PathParam("firmId") String firmId, @QueryParam("search") String search,
                        @QueryParam("sort") String sort, @QueryParam("order") String order,
                        @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        firm(firmId);
        String field = SORTS.get(sort == null ? "xpmName" : sort);
        if (field == null) {
            throw new ApiProblem(400, "sort must be one of " + SORTS.keySet() + ", not '" + Problems.echo(sort) + "'");
        }
        if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw new ApiProblem(400, "order must be asc or desc, not '" + Problems.echo(order) + "'");
        }
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || s < 1 || s > 200) {
            throw new ApiProblem(400, "page must be 0 or more and size between 1 and 200");
        }
        Sort by = "desc".equalsIgnoreCase(order) ? Sort.descending(field, "id") : Sort.ascending(field, "id");
        var query = search == null || search.isBlank()
                ? MappingEntity.<MappingEntity>find("firmId = ?1 and state <> 'REMOVED'", by, firmId)
                : MappingEntity.<MappingEntity>find("firmId = ?1 and state <> 'REMOVED' and (lower(xpmName) like ?2"
                        + " or lower(karbonName) like ?2)", by, firmId, "%" + search.strip().toLowerCase(Locale.ROOT)
                        .replace("%", "\\%").replace("_", "\\_") + "%");
        return new RowPage(query.page(Page.of(p, s)).list().stream().map(Row::of).toList(), query.count(), p, s);
    }

    /** Remove Match (from the options menu): the records become unmapped; nothing is deleted in either system. */
    @DELETE
    @Path("{mappingId}")
    public Row remove(@PathParam("firmId") String firmId, @PathParam("mappingId") String mappingId,
                      @Context SecurityContext security) {
        return Row.of(mappings.remove(firm(firmId), uuid(mappingId), Callers.name(security)));
    }

    /**
     * The contact's timeline, newest first: how it was mapped and by whom, every change written to it either way with
     * its fields before and after, pushes XPM refused, failures, Remove Match. {@code page} from 0, {@code size} 1 to
     * 200; removed mappings too.
     */
    @GET
    @Path("{mappingId}/history")
    public ContactHistory.Timeline history(@PathParam("firmId") String firmId, @PathParam("mappingId") String mappingId,
                                           @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || s < 1 || s > 200) {
            throw new ApiProblem(400, "page must be 0 or more and size between 1 and 200");
        }
        ContactHistory.Timeline timeline = history.of(firm(firmId), uuid(mappingId), p, s);
        if (timeline == null) {
            throw new ApiProblem(404, "Firm " + firmId + " has no mapping " + mappingId);
        }
        return timeline;
    }

    static String firm(String firmId) {
        if (firmId == null || !FIRM.matcher(firmId).matches()) {
            throw new ApiProblem(400, "firm id must be 1 to 100 letters, digits, '.', '-' or '_'");
        }
        return firmId;
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "'" + Problems.echo(value) + "' is not an id");
        }
    }
}
