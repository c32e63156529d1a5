package io.xpmsync.karbonsandbox.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.karbonsandbox.persistence.BusinessCardEntity;
import io.xpmsync.karbonsandbox.persistence.FirmEntity;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.client.karbon.KarbonSnapshots;
import io.xpmsync.karbonsandbox.webhooks.Webhooks;
import io.xpmsync.messaging.Outbox;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The sandbox's Karbon: creates and changes Contacts, Organizations and business cards with Karbon's validation, and
 * in the same transaction as every change writes the {@code ContactChanged} the Karbon platform emits, with the
 * contact's whole synced state, to the outbox (unless the platform stream is off, {@code KARBON_PLATFORM_EVENTS=false}),
 * and notes it for the firm's webhook subscription.
 */
@ApplicationScoped
public class KarbonStore {

    private static final Set<String> RESTRICTION_LEVELS = Set.of("Public", "Private", "Hidden");
    private static final Set<String> PHONE_LABELS = Set.of("Work", "Mobile", "Office", "Fax", "Home", "Other");
    private static final Set<String> ADDRESS_LABELS = Set.of("Physical", "Mailing", "Legal", "Home");

    private final CardCodec cards;
    private final Outbox outbox;
    private final Webhooks webhooks;
    private final boolean platformEvents;

    KarbonStore(CardCodec cards, Outbox outbox, Webhooks webhooks,
                @ConfigProperty(name = "karbon-sandbox.platform-events", defaultValue = "true") boolean platformEvents) {
        this.cards = cards;
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.platformEvents = platformEvents;
    }

    // --- firms

    @Transactional
    public FirmEntity createFirm(String firmId, String name, String country, List<String> contactTypes) {
        if (firmId == null || firmId.isBlank() || firmId.length() > 100) {
            throw KarbonApiException.badRequest("firmId is required (at most 100 characters)");
        }
        if (contactTypes == null || contactTypes.isEmpty() || contactTypes.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw KarbonApiException.badRequest("contactTypes must list at least one non-blank Contact Type");
        }
        if (FirmEntity.findById(firmId) != null) {
            throw new KarbonApiException(409, "Conflict", "firm '" + firmId + "' already exists");
        }
        FirmEntity firm = new FirmEntity();
        firm.firmId = firmId;
        firm.name = name == null ? firmId : name;
        firm.country = country == null ? "AU" : country.toUpperCase(Locale.ROOT);
        firm.tenantKey = KarbonKeys.next();
        firm.applicationId = "app-" + KarbonKeys.next();
        firm.accessKey = KarbonKeys.next() + KarbonKeys.next();
        firm.contactTypes = String.join("\n", contactTypes);
        firm.persist();
        return firm;
    }

    public FirmEntity firm(String firmId) {
        FirmEntity firm = FirmEntity.findById(firmId);
        if (firm == null) {
            throw KarbonApiException.notFound("firm", firmId);
        }
        return firm;
    }

    public static List<String> contactTypes(FirmEntity firm) {
        return Arrays.asList(firm.contactTypes.split("\n"));
    }

    // --- contacts and organizations

    @Transactional
    public KarbonRecordEntity createContact(FirmEntity firm, ContactRequest request, Random keys) {
        return createContact(firm, request, keys, Unmodelled.NONE);
    }

    @Transactional
    public KarbonRecordEntity createContact(FirmEntity firm, ContactRequest request, Random keys,
                                            Unmodelled unmodelled) {
        KarbonRecordEntity record = new KarbonRecordEntity();
        record.key = keys == null ? KarbonKeys.next() : KarbonKeys.next(keys);
        record.firmId = firm.firmId;
        record.entityType = KarbonRecordEntity.CONTACT;
        applyContact(firm, record, request, false);
        record.unmodelled = unmodelled.record();
        record.persist();
        reconcileCards(firm, record, request.businessCards(), unmodelled, keys);
        emit(record, ChangeKind.CREATED);
        return record;
    }

    /**
     * PUT (whole record; fields left out are cleared) or PATCH (only what is given) of a Contact. With
     * {@code BusinessCards}, the cards are reconciled as Karbon does (see {@link #reconcileCards}); without, they are
     * left untouched.
     */
    @Transactional
    public KarbonRecordEntity updateContact(FirmEntity firm, String key, ContactRequest request, boolean patch,
                                            Unmodelled unmodelled) {
        KarbonRecordEntity record = record(firm, key, KarbonRecordEntity.CONTACT);
        applyContact(firm, record, request, patch);
        record.unmodelled = patch ? merged(record.unmodelled, unmodelled.record()) : unmodelled.record();
        if (request.businessCards() != null) {
            reconcileCards(firm, record, request.businessCards(), unmodelled, null);
        }
        emit(record, ChangeKind.UPDATED);
        return record;
    }

    @Transactional
    public KarbonRecordEntity createOrganization(FirmEntity firm, OrganizationRequest request, Random keys) {
        return createOrganization(firm, request, keys, Unmodelled.NONE);
    }

    @Transactional
    public KarbonRecordEntity createOrganization(FirmEntity firm, OrganizationRequest request, Random keys,
                                                 Unmodelled unmodelled) {
        KarbonRecordEntity record = new KarbonRecordEntity();
        record.key = keys == null ? KarbonKeys.next() : KarbonKeys.next(keys);
        record.firmId = firm.firmId;
        record.entityType = KarbonRecordEntity.ORGANIZATION;
        applyOrganization(firm, record, request, false);
        record.unmodelled = unmodelled.record();
        record.persist();
        reconcileCards(firm, record, request.businessCards(), unmodelled, keys);
        emit(record, ChangeKind.CREATED);
        return record;
    }

    /** PUT or PATCH of an Organization; see {@link #updateContact}. */
    @Transactional
    public KarbonRecordEntity updateOrganization(FirmEntity firm, String key, OrganizationRequest request,
                                                 boolean patch, Unmodelled unmodelled) {
        KarbonRecordEntity record = record(firm, key, KarbonRecordEntity.ORGANIZATION);
        applyOrganization(firm, record, request, patch);
        record.unmodelled = patch ? merged(record.unmodelled, unmodelled.record()) : unmodelled.record();
        if (request.businessCards() != null) {
            reconcileCards(firm, record, request.businessCards(), unmodelled, null);
        }
        emit(record, ChangeKind.UPDATED);
        return record;
    }

    /** PUT /v3/BusinessCards/{key}: replaces the card's details; the card stays with its entity. */
    @Transactional
    public BusinessCardEntity updateCard(FirmEntity firm, String cardKey, BusinessCardDto request,
                                         String unmodelled) {
        BusinessCardEntity card = card(firm, cardKey);
        KarbonRecordEntity owner = record(firm, card.entityKey, card.entityType);
        fillCard(firm, owner, card, request);
        card.unmodelled = unmodelled;
        owner.lastModified = now();
        emit(owner, ChangeKind.UPDATED);
        return card;
    }

    /**
     * A person deletes a Contact or Organization in Karbon (Karbon's API has no such operation): its cards go, people
     * linked to a deleted organization lose the link (each an update), and the deletion is announced.
     */
    @Transactional
    public void delete(FirmEntity firm, String key) {
        KarbonRecordEntity record = KarbonRecordEntity.findById(key);
        if (record == null || !record.firmId.equals(firm.firmId)) {
            throw KarbonApiException.notFound("Contact or Organization", key);
        }
        BusinessCardEntity.delete("entityKey", key);
        if (record.isOrganization()) {
            List<BusinessCardEntity> linking = BusinessCardEntity.list("organizationKey", key);
            for (BusinessCardEntity card : linking) {
                card.organizationKey = null;
                KarbonRecordEntity person = KarbonRecordEntity.findById(card.entityKey);
                if (person != null) {
                    person.lastModified = now();
                    emit(person, ChangeKind.UPDATED);
                }
            }
        }
        record.lastModified = now();
        emit(record, ChangeKind.DELETED);
        record.delete();
    }

    public KarbonRecordEntity record(FirmEntity firm, String key, String entityType) {
        KarbonRecordEntity record = KarbonRecordEntity.findById(key);
        if (record == null || !record.firmId.equals(firm.firmId) || !record.entityType.equals(entityType)) {
            throw KarbonApiException.notFound(entityType, key);
        }
        return record;
    }

    public BusinessCardEntity card(FirmEntity firm, String cardKey) {
        BusinessCardEntity card = BusinessCardEntity.findById(cardKey);
        if (card == null || !card.firmId.equals(firm.firmId)) {
            throw KarbonApiException.notFound("BusinessCard", cardKey);
        }
        return card;
    }

    public List<BusinessCardEntity> cardsOf(KarbonRecordEntity record) {
        return BusinessCardEntity.<BusinessCardEntity>list("entityKey", Sort.descending("primary").and("key"),
                record.key);
    }

    /** People linked to an Organization by their business cards. */
    public List<KarbonRecordEntity> peopleOf(KarbonRecordEntity organization) {
        return KarbonRecordEntity.list("select distinct r from KarbonRecordEntity r, BusinessCardEntity c "
                + "where c.entityKey = r.key and c.organizationKey = ?1 order by r.fullName", organization.key);
    }

    /** One page of a firm's Contacts or Organizations, filtered and ordered as OData asks. */
    public PanacheQuery<KarbonRecordEntity> query(FirmEntity firm, String entityType, ODataFilter filter,
                                                  String orderBy) {
        StringBuilder where = new StringBuilder("from KarbonRecordEntity r where r.firmId = :firm and r.entityType = :type");
        Parameters parameters = Parameters.with("firm", firm.firmId).and("type", entityType);
        int i = 0;
        for (ODataFilter.Condition condition : filter.conditions()) {
            String p = "p" + i++;
            String value = condition.contains() ? "%" + condition.value() + "%" : condition.value();
            switch (condition.field()) {
                case "FullName" -> where.append(" and lower(r.fullName) ").append(condition.contains() ? "like" : "=")
                        .append(" :").append(p);
                case "ContactType" -> where.append(" and lower(r.contactType) ")
                        .append(condition.contains() ? "like" : "=").append(" :").append(p);
                case "EmailAddress" -> {
                    where.append(" and exists (select 1 from BusinessCardEntity c where c.entityKey = r.key"
                            + " and lower(c.emails) like :").append(p).append(")");
                    value = condition.contains() ? "%" + condition.value() + "%" : "%\"" + condition.value() + "\"%";
                }
                case "PhoneNumber" -> {
                    where.append(" and exists (select 1 from BusinessCardEntity c where c.entityKey = r.key"
                            + " and lower(c.phones) like :").append(p).append(")");
                    value = "%" + condition.value() + "%";
                }
                default -> throw KarbonApiException.badRequest("unsupported $filter property " + condition.field());
            }
            parameters.and(p, value);
        }
        return KarbonRecordEntity.find(where.toString(), sort(orderBy), parameters);
    }

    private static Sort sort(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return Sort.by("r.key");
        }
        return switch (orderBy.strip()) {
            case "FullName" -> Sort.by("r.fullName").and("r.key");
            case "FullName desc" -> Sort.descending("r.fullName").and("r.key");
            case "LastModifiedDateTime" -> Sort.by("r.lastModified").and("r.key");
            case "LastModifiedDateTime desc" -> Sort.descending("r.lastModified").and("r.key");
            default -> throw KarbonApiException.badRequest("The $orderby value '" + orderBy + "' is not supported: "
                    + "use FullName, FullName desc, LastModifiedDateTime or LastModifiedDateTime desc");
        };
    }

    // --- the contact value model, as the events carry it

    public ContactSnapshot snapshot(KarbonRecordEntity record) {
        List<BusinessCardEntity> recordCards = cardsOf(record);
        Set<String> emails = new LinkedHashSet<>();
        recordCards.forEach(c -> emails.addAll(cards.emails(c)));
        List<Phone> phones = recordCards.isEmpty() ? List.of() : cards.phones(recordCards.get(0)).stream()
                .map(p -> new Phone(p.number(), p.label())).toList();
        List<AddressDto> addresses = recordCards.stream().flatMap(c -> cards.addresses(c).stream()).toList();
        List<ContactRef> links = record.isOrganization() ? List.of() : recordCards.stream()
                .map(c -> c.organizationKey).filter(Objects::nonNull).distinct()
                .map(ContactRef::karbonOrganization).toList();
        ContactRef ref = record.isOrganization() ? ContactRef.karbonOrganization(record.key)
                : ContactRef.karbonPerson(record.key);
        return new ContactSnapshot(ref, record.fullName, record.firstName, record.lastName, List.copyOf(emails), phones,
                address(addresses, "Physical"), address(addresses, "Mailing"), null, record.contactType, links,
                false, false, null).withComputedHash();
    }

    private static Address address(List<AddressDto> addresses, String label) {
        return addresses.stream().filter(a -> label.equals(a.label())).findFirst()
                .map(a -> new Address(a.addressLines() == null ? List.of() : List.of(a.addressLines().split("\n")),
                        a.city(), a.stateProvinceCounty(), a.zipCode(), a.countryCode()))
                .orElse(null);
    }

    /**
     * Tells the world of a change: the platform's event stream (when on) and the firm's Contact webhook subscription
     * (when it has one), both in the change's transaction.
     */
    private void emit(KarbonRecordEntity record, ChangeKind change) {
        if (platformEvents) {
            ContactSnapshot state = change != ChangeKind.DELETED ? snapshot(record)
                    : KarbonSnapshots.deleted(record.isOrganization() ? ContactRef.karbonOrganization(record.key)
                    : ContactRef.karbonPerson(record.key));
            outbox.append(ContactChanged.of(record.firmId, null, SourceSystem.KARBON, change, state));
        }
        webhooks.changed(record.firmId, record.key, change, record.lastModified == null ? Instant.now()
                : record.lastModified);
    }

    // --- validation and mapping

    private void applyContact(FirmEntity firm, KarbonRecordEntity record, ContactRequest request, boolean patch) {
        if (request == null) {
            throw KarbonApiException.badRequest("The request body is required");
        }
        record.firstName = pick(request.firstName(), record.firstName, patch);
        record.middleName = pick(request.middleName(), record.middleName, patch);
        record.lastName = pick(request.lastName(), record.lastName, patch);
        if (blank(record.firstName) || blank(record.lastName)) {
            throw KarbonApiException.badRequest("FirstName and LastName are required for a Contact");
        }
        record.preferredName = pick(request.preferredName(), record.preferredName, patch);
        record.salutation = pick(request.salutation(), record.salutation, patch);
        record.contactType = contactType(firm, pick(request.contactType(), record.contactType, patch));
        record.userDefinedIdentifier = pick(request.userDefinedIdentifier(), record.userDefinedIdentifier, patch);
        record.restrictionLevel = restriction(request.restrictionLevel(), record.restrictionLevel);
        record.fullName = String.join(" ", java.util.stream.Stream.of(record.firstName, record.middleName,
                record.lastName).filter(s -> !blank(s)).map(String::strip).toList());
        record.lastModified = now();
    }

    private void applyOrganization(FirmEntity firm, KarbonRecordEntity record, OrganizationRequest request,
                                   boolean patch) {
        if (request == null) {
            throw KarbonApiException.badRequest("The request body is required");
        }
        record.fullName = pick(request.fullName(), record.fullName, patch);
        if (blank(record.fullName)) {
            throw KarbonApiException.badRequest("FullName is required for an Organization");
        }
        record.contactType = contactType(firm, pick(request.contactType(), record.contactType, patch));
        record.userDefinedIdentifier = pick(request.userDefinedIdentifier(), record.userDefinedIdentifier, patch);
        record.restrictionLevel = restriction(request.restrictionLevel(), record.restrictionLevel);
        record.lastModified = now();
    }

    /**
     * Karbon's business-card semantics on a write that carries {@code BusinessCards}: a card sent with its
     * {@code BusinessCardKey}, {@code EntityType} and {@code EntityKey} is updated in place (it keeps its key); a card
     * sent without them is a new card; an existing card not sent, or sent without its entity fields (Karbon's API
     * reference warns it "may be removed"), is removed. A key that is not one of this record's cards is refused.
     */
    private void reconcileCards(FirmEntity firm, KarbonRecordEntity record, List<BusinessCardDto> requested,
                                Unmodelled unmodelled, Random keys) {
        java.util.Map<String, BusinessCardEntity> existing = new java.util.HashMap<>();
        cardsOf(record).forEach(c -> existing.put(c.key, c));
        List<BusinessCardDto> cardsAsked = requested == null ? List.of() : requested;
        java.util.Set<String> kept = new java.util.HashSet<>();
        for (BusinessCardDto card : cardsAsked) {
            if (card.businessCardKey() != null) {
                if (!existing.containsKey(card.businessCardKey())) {
                    throw KarbonApiException.badRequest("BusinessCardKey '" + card.businessCardKey()
                            + "' is not a business card of " + record.entityType + " '" + record.key + "'");
                }
                if (record.entityType.equals(card.entityType()) && record.key.equals(card.entityKey())) {
                    kept.add(card.businessCardKey());
                }
            }
        }
        existing.values().stream().filter(c -> !kept.contains(c.key)).forEach(BusinessCardEntity::delete);
        BusinessCardEntity.flush();
        // The first card marked primary is the primary one; without a mark, the first card is.
        int primary = 0;
        for (int i = 0; i < cardsAsked.size(); i++) {
            if (Boolean.TRUE.equals(cardsAsked.get(i).isPrimaryCard())) {
                primary = i;
                break;
            }
        }
        for (int i = 0; i < cardsAsked.size(); i++) {
            BusinessCardDto request = cardsAsked.get(i);
            boolean keep = request.businessCardKey() != null && kept.contains(request.businessCardKey());
            BusinessCardEntity card = keep ? existing.get(request.businessCardKey()) : new BusinessCardEntity();
            if (!keep) {
                card.key = keys == null ? KarbonKeys.next() : KarbonKeys.next(keys);
                card.firmId = firm.firmId;
                card.entityType = record.entityType;
                card.entityKey = record.key;
            }
            card.primary = i == primary;
            fillCard(firm, record, card, request);
            card.unmodelled = unmodelled.card(i);
            card.persist();
        }
    }

    private static String merged(String stored, String given) {
        if (stored == null || given == null) {
            return given == null ? stored : given;
        }
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode result =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(stored);
            result.setAll((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(given));
            return result.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored unmodelled fields are not JSON", e);
        }
    }

    private void fillCard(FirmEntity firm, KarbonRecordEntity owner, BusinessCardEntity card, BusinessCardDto request) {
        if (request.organizationKey() != null) {
            if (owner.isOrganization()) {
                throw KarbonApiException.badRequest("OrganizationKey is only valid on a Contact's business card");
            }
            KarbonRecordEntity organization = KarbonRecordEntity.findById(request.organizationKey());
            if (organization == null || !organization.firmId.equals(firm.firmId) || !organization.isOrganization()) {
                throw KarbonApiException.badRequest("OrganizationKey '" + request.organizationKey()
                        + "' is not an Organization of this tenant");
            }
        }
        List<PhoneNumberDto> phones = request.phoneNumbers() == null ? List.of() : request.phoneNumbers().stream()
                .map(p -> {
                    if (blank(p.number()) || p.number().length() > 20) {
                        throw KarbonApiException.badRequest("PhoneNumbers.Number is required, at most 20 characters");
                    }
                    if (p.label() != null && !PHONE_LABELS.contains(p.label())) {
                        throw KarbonApiException.badRequest("PhoneNumbers.Label must be one of " + PHONE_LABELS);
                    }
                    return new PhoneNumberDto(p.phoneNumberKey() == null ? java.util.UUID.randomUUID().toString()
                            : p.phoneNumberKey(), p.number(), p.countryCode(), p.label());
                }).toList();
        List<AddressDto> addresses = request.addresses() == null ? List.of() : request.addresses().stream()
                .map(a -> {
                    if (a.label() != null && !ADDRESS_LABELS.contains(a.label())) {
                        throw KarbonApiException.badRequest("Addresses.Label must be one of " + ADDRESS_LABELS);
                    }
                    atMost("Addresses.AddressLines", a.addressLines(), 200);
                    atMost("Addresses.City", a.city(), 100);
                    atMost("Addresses.StateProvinceCounty", a.stateProvinceCounty(), 100);
                    atMost("Addresses.ZipCode", a.zipCode(), 20);
                    return new AddressDto(a.addressKey() == null ? java.util.UUID.randomUUID().toString()
                            : a.addressKey(), a.addressLines(), a.city(), a.stateProvinceCounty(), a.zipCode(),
                            a.countryCode(), a.label());
                }).toList();
        card.organizationKey = request.organizationKey();
        card.roleOrTitle = request.roleOrTitle();
        card.emails = cards.write(request.emailAddresses() == null ? List.of() : request.emailAddresses().stream()
                .filter(e -> !blank(e)).map(String::strip).toList());
        card.phones = cards.write(phones);
        card.addresses = cards.write(addresses);
        card.websites = cards.write(request.webSites());
    }

    /** BusinessCardRequest's maxLength for {@code field}, refused as Karbon refuses a request its schema does not take. */
    private static void atMost(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw KarbonApiException.badRequest(field + " is " + value.length() + " characters long: at most "
                    + maxLength + " are allowed");
        }
    }

    private static String contactType(FirmEntity firm, String contactType) {
        if (contactType == null) {
            return null;
        }
        return contactTypes(firm).stream().filter(t -> t.equalsIgnoreCase(contactType.strip())).findFirst()
                .orElseThrow(() -> KarbonApiException.badRequest("ContactType '" + contactType
                        + "' is not a Contact Type of this tenant: use one of " + contactTypes(firm)));
    }

    private static String restriction(String requested, String current) {
        if (requested == null) {
            return current == null ? "Public" : current;
        }
        if (!RESTRICTION_LEVELS.contains(requested)) {
            throw KarbonApiException.badRequest("RestrictionLevel must be one of " + RESTRICTION_LEVELS);
        }
        return requested;
    }

    private static String pick(String requested, String current, boolean patch) {
        return patch && requested == null ? current : requested;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
