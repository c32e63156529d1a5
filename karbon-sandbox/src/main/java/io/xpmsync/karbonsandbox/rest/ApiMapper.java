package io.xpmsync.karbonsandbox.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.karbonsandbox.persistence.BusinessCardEntity;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.karbonsandbox.service.CardCodec;
import io.xpmsync.karbonsandbox.service.KarbonStore;
import io.xpmsync.karbonsandbox.service.Unmodelled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** From the sandbox's rows to the Karbon API's shapes. */
@ApplicationScoped
public class ApiMapper {

    static final String METADATA = "https://api.karbonhq.com/v3/$metadata";

    private final KarbonStore store;
    private final CardCodec cards;
    private final ObjectMapper json;

    ApiMapper(KarbonStore store, CardCodec cards, ObjectMapper json) {
        this.store = store;
        this.cards = cards;
        this.json = json;
    }

    /**
     * The Contact as the API answers it: with the fields the sandbox keeps but does not interpret, the business cards
     * and the client team only when {@code expand} asks for them.
     */
    ObjectNode contactJson(KarbonRecordEntity r, Expand expand) {
        return withUnmodelled(r, json.valueToTree(contact(r, expand.businessCards())), expand);
    }

    /** The Organization as the API answers it; see {@link #contactJson}. */
    ObjectNode organizationJson(KarbonRecordEntity r, Expand expand) {
        return withUnmodelled(r, json.valueToTree(organization(r, expand.businessCards())), expand);
    }

    /** The business card as the API answers it, social links and other kept fields included. */
    public ObjectNode cardJson(BusinessCardEntity card) {
        return Unmodelled.answer(json.valueToTree(card(card)), card.unmodelled);
    }

    private ObjectNode withUnmodelled(KarbonRecordEntity r, ObjectNode answer, Expand expand) {
        Unmodelled.answer(answer, r.unmodelled);
        if (!expand.clientTeam()) {
            answer.remove(Unmodelled.CLIENT_TEAM);
        }
        if (answer.get("BusinessCards") instanceof ArrayNode answered) {
            Map<String, String> byKey = new HashMap<>();
            store.cardsOf(r).forEach(c -> {
                if (c.unmodelled != null) {
                    byKey.put(c.key, c.unmodelled);
                }
            });
            answered.forEach(c -> Unmodelled.answer((ObjectNode) c, byKey.get(c.path("BusinessCardKey").asText())));
        }
        return answer;
    }

    public ContactDto contact(KarbonRecordEntity r, boolean expandCards) {
        return new ContactDto(METADATA + "#Contacts/KarbonService.ContactDTO/$entity", "#KarbonService.ContactDTO",
                r.key, r.firstName, r.middleName, r.lastName, r.preferredName, r.salutation, r.contactType,
                udi(r), r.restrictionLevel, time(r), expandCards ? cards(r) : null);
    }

    public OrganizationDto organization(KarbonRecordEntity r, boolean expandCards) {
        List<OrganizationDto.RelatedContactDto> people = store.peopleOf(r).stream()
                .map(p -> new OrganizationDto.RelatedContactDto(p.key, p.fullName, firstEmail(p), null, time(p)))
                .toList();
        return new OrganizationDto(METADATA + "#Organizations/KarbonService.OrganizationDTO/$entity",
                "#KarbonService.OrganizationDTO", r.key, r.fullName, r.contactType, udi(r), r.restrictionLevel,
                time(r), expandCards ? cards(r) : null, people);
    }

    public ContactSummaryDto contactSummary(KarbonRecordEntity r) {
        List<BusinessCardEntity> recordCards = store.cardsOf(r);
        BusinessCardEntity primary = recordCards.isEmpty() ? null : recordCards.get(0);
        return new ContactSummaryDto("#KarbonService.ContactSummaryDTO", r.key, r.fullName, r.preferredName,
                r.salutation, primary == null ? null : address(primary), firstEmail(recordCards),
                primary == null ? null : firstPhone(primary), primary == null ? null : primary.roleOrTitle,
                r.contactType, time(r), r.userDefinedIdentifier);
    }

    public OrganizationSummaryDto organizationSummary(KarbonRecordEntity r) {
        List<BusinessCardEntity> recordCards = store.cardsOf(r);
        BusinessCardEntity primary = recordCards.isEmpty() ? null : recordCards.get(0);
        String website = primary == null ? null : cards.toDto(primary).webSites().stream().findFirst().orElse(null);
        return new OrganizationSummaryDto("#KarbonService.OrganizationSummaryDTO", r.key, r.fullName,
                primary == null ? null : firstPhone(primary), firstEmail(recordCards), website, r.contactType,
                time(r), r.userDefinedIdentifier);
    }

    public BusinessCardDto card(BusinessCardEntity card) {
        return cards.toDto(card);
    }

    private List<BusinessCardDto> cards(KarbonRecordEntity r) {
        return store.cardsOf(r).stream().map(cards::toDto).toList();
    }

    private String firstEmail(KarbonRecordEntity r) {
        return firstEmail(store.cardsOf(r));
    }

    private String firstEmail(List<BusinessCardEntity> recordCards) {
        return recordCards.stream().flatMap(c -> cards.emails(c).stream()).findFirst().orElse(null);
    }

    private String firstPhone(BusinessCardEntity card) {
        return cards.phones(card).stream().map(PhoneNumberDto::number).findFirst().orElse(null);
    }

    private String address(BusinessCardEntity card) {
        return cards.addresses(card).stream().findFirst().map(ApiMapper::format).orElse(null);
    }

    private static String format(AddressDto a) {
        return Stream.of(a.addressLines(), a.city(), a.stateProvinceCounty(), a.zipCode(), a.countryCode())
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
    }

    /** Karbon answers with the identifier it has, or the empty string (the schema requires the field). */
    private static String udi(KarbonRecordEntity r) {
        return r.userDefinedIdentifier == null ? "" : r.userDefinedIdentifier;
    }

    private static String time(KarbonRecordEntity r) {
        return DateTimeFormatter.ISO_INSTANT.format(r.lastModified);
    }
}
