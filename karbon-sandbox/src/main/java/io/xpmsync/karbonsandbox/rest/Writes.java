package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.karbonsandbox.service.Conflicts;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What Karbon checks on every write before it changes anything, as its API reference documents it. */
@ApplicationScoped
public class Writes {

    private final ObjectMapper json;
    private final Conflicts conflicts;

    Writes(ObjectMapper json, Conflicts conflicts) {
        this.json = json;
        this.conflicts = conflicts;
    }

    /** The body as the sandbox's model of it; a missing or mistyped body is a 400. */
    public <T> T request(ObjectNode body, Class<T> type) {
        if (body == null) {
            throw KarbonApiException.badRequest("The request body is required");
        }
        try {
            return json.treeToValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw KarbonApiException.badRequest("The request body is not valid: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw KarbonApiException.badRequest("The request body is not valid: " + e.getMessage());
        }
    }

    /** An update of one of the firm's records: refused with 409 when another request changed it meanwhile. */
    void update(String firmId) {
        conflicts.check(firmId);
    }

    /**
     * An API application may set RestrictionLevel only to Public unless Karbon granted it more (this sandbox's
     * applications have no such grant): otherwise 403, code 4021.
     */
    static void restriction(String level) {
        if (level != null && !"Public".equals(level)) {
            throw new KarbonApiException(403, "4021", "This API application does not have permission to set"
                    + " RestrictionLevel to " + level + ".");
        }
    }

    /** PATCH edits only the properties Karbon lists for it: anything else is a 400, code 4002. */
    static void patchable(ObjectNode body, Set<String> allowed) {
        List<String> refused = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                refused.add(f);
            }
        });
        if (!refused.isEmpty()) {
            throw new KarbonApiException(400, "4002", "Invalid property to update: " + String.join(", ", refused)
                    + ". Only " + String.join(", ", allowed.stream().sorted().toList()) + " can be patched");
        }
    }
}
