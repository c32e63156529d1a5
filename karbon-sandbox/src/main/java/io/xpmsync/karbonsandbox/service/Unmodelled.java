package io.xpmsync.karbonsandbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a write carried beyond the sandbox's model of a record and of each of its business cards (Suffix, ClientOwner,
 * AccountingDetail, social links, ...): kept as given and answered back, as Karbon keeps them, so a client that
 * drops them on an update is caught. Read-only fields ({@code @odata.*}, keys, times) are not kept.
 *
 * @param record the record's unmodelled fields as a JSON object, or null
 * @param cards  each requested card's, in the request's order (null entries for none)
 */
public record Unmodelled(String record, List<String> cards) {

    public static final Unmodelled NONE = new Unmodelled(null, List.of());

    /**
     * Kept as any unmodelled field, answered only when {@code $expand} asks for it, and, like every field of a PUT's
     * body, cleared by a PUT that leaves it out (Karbon's PUT is a full update; only BusinessCards is documented as
     * left untouched when omitted).
     */
    public static final String CLIENT_TEAM = "ClientTeam";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READ_ONLY = Set.of("ContactKey", "OrganizationKey", "LastModifiedDateTime",
            "AvatarUrl", "ClientAccess", "Contacts");
    private static final Set<String> CONTACT = Set.of("FirstName", "MiddleName", "LastName", "PreferredName",
            "Salutation", "ContactType", "UserDefinedIdentifier", "RestrictionLevel", "BusinessCards");
    private static final Set<String> ORGANIZATION = Set.of("FullName", "ContactType", "UserDefinedIdentifier",
            "RestrictionLevel", "BusinessCards");
    private static final Set<String> CARD = Set.of("BusinessCardKey", "EntityType", "EntityKey", "IsPrimaryCard",
            "OrganizationKey", "RoleOrTitle", "EmailAddresses", "PhoneNumbers", "Addresses", "WebSites");

    public static Unmodelled ofContact(ObjectNode body) {
        return of(body, CONTACT);
    }

    public static Unmodelled ofOrganization(ObjectNode body) {
        return of(body, ORGANIZATION);
    }

    public static String ofCard(JsonNode card) {
        return rest(card, CARD);
    }

    private static Unmodelled of(ObjectNode body, Set<String> modelled) {
        List<String> cards = new ArrayList<>();
        if (body.get("BusinessCards") instanceof ArrayNode array) {
            array.forEach(c -> cards.add(ofCard(c)));
        }
        return new Unmodelled(rest(body, modelled), cards);
    }

    public String card(int index) {
        return index < cards.size() ? cards.get(index) : null;
    }

    /** Lays {@code unmodelled} (a JSON object, may be null) over {@code target} without replacing modelled fields. */
    public static ObjectNode answer(ObjectNode target, String unmodelled) {
        if (unmodelled != null) {
            try {
                JSON.readTree(unmodelled).fields().forEachRemaining(f -> {
                    if (!target.has(f.getKey())) {
                        target.set(f.getKey(), f.getValue());
                    }
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored unmodelled fields are not JSON", e);
            }
        }
        return target;
    }

    private static String rest(JsonNode node, Set<String> modelled) {
        if (!(node instanceof ObjectNode object)) {
            return null;
        }
        ObjectNode rest = JSON.createObjectNode();
        object.fields().forEachRemaining(f -> {
            if (!modelled.contains(f.getKey()) && !READ_ONLY.contains(f.getKey()) && !f.getKey().startsWith("@odata")
                    && !f.getValue().isNull()) {
                rest.set(f.getKey(), f.getValue());
            }
        });
        return rest.isEmpty() ? null : rest.toString();
    }
}
