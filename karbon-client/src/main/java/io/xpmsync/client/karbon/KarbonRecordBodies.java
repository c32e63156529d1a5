package io.xpmsync.client.karbon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of a {@code PUT} that changes only what the caller changed: built from the record as Karbon returned it
 * (every field the request schema takes, modelled by us or not), with the caller's changes to the fields it models
 * laid over it. Karbon's PUT replaces the whole record, so anything left out could be cleared; and an existing
 * business card sent without its {@code BusinessCardKey}, {@code EntityType} and {@code EntityKey} may be removed
 * with its Client Requests (Karbon's API reference).
 */
final class KarbonRecordBodies {

    /** CreateContact's properties (the body of PUT /v3/Contacts), less RestrictionLevel. */
    static final Set<String> CONTACT_FIELDS = Set.of("FirstName", "MiddleName", "LastName", "PreferredName",
            "Salutation", "Suffix", "ClientOwner", "ClientManager", "ContactType", "UserDefinedIdentifier",
            "BusinessCards", "EntityDescription", "AccountingDetail", "ClientTeam");

    /** UpdateOrganization's properties (the body of PUT /v3/Organizations), less RestrictionLevel. */
    static final Set<String> ORGANIZATION_FIELDS = Set.of("FullName", "ClientOwner", "ClientManager", "ContactType",
            "UserDefinedIdentifier", "AccountingDetail", "BusinessCards", "EntityDescription", "ClientTeam");

    private static final String CARDS = "BusinessCards";
    private static final String CARD_KEY = "BusinessCardKey";
    /** A card's fields that the caller may clear (the key and entity fields are never cleared). */
    private static final List<String> CLEARABLE_CARD_FIELDS = List.of("IsPrimaryCard", "OrganizationKey",
            "RoleOrTitle", "EmailAddresses", "PhoneNumbers", "Addresses", "WebSites");

    private KarbonRecordBodies() {
    }

    /**
     * @param read     the record as Karbon returned it (cards expanded)
     * @param current  the caller's model of it, before its change
     * @param wanted   the caller's model after its change
     * @param writable the properties the PUT takes
     */
    static ObjectNode putBody(ObjectNode read, ObjectNode current, ObjectNode wanted, Set<String> writable) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        read.fields().forEachRemaining(f -> {
            if (writable.contains(f.getKey()) && !CARDS.equals(f.getKey())) {
                body.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        Set<String> fields = new LinkedHashSet<>();
        current.fieldNames().forEachRemaining(fields::add);
        wanted.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            if (!writable.contains(field) || CARDS.equals(field)
                    || Objects.equals(current.get(field), wanted.get(field))) {
                continue;
            }
            if (wanted.hasNonNull(field)) {
                body.set(field, wanted.get(field));
            } else {
                body.remove(field);
            }
        }
        if (!Objects.equals(current.get(CARDS), wanted.get(CARDS)) && wanted.get(CARDS) instanceof ArrayNode cards) {
            body.set(CARDS, cards(read.get(CARDS), cards));
        }
        return body;
    }

    private static ArrayNode cards(JsonNode readCards, ArrayNode wantedCards) {
        Map<String, ObjectNode> existing = new HashMap<>();
        if (readCards instanceof ArrayNode array) {
            array.forEach(c -> {
                if (c.hasNonNull(CARD_KEY)) {
                    existing.put(c.get(CARD_KEY).asText(), (ObjectNode) c);
                }
            });
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wanted : wantedCards) {
            ObjectNode before = wanted.hasNonNull(CARD_KEY) ? existing.get(wanted.get(CARD_KEY).asText()) : null;
            ObjectNode card = before == null ? JsonNodeFactory.instance.objectNode() : before.deepCopy();
            if (before != null) {
                CLEARABLE_CARD_FIELDS.stream().filter(f -> !wanted.hasNonNull(f)).forEach(card::remove);
            }
            wanted.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    card.set(f.getKey(), f.getValue());
                }
            });
            result.add(card);
        }
        return result;
    }
}
