package io.xpmsync.xpmsandbox.service;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmContactList;
import io.xpmsync.client.xpm.model.YesNo;
import io.xpmsync.xpmsandbox.persistence.ClientContactEntity;
import io.xpmsync.xpmsandbox.persistence.ClientEntity;
import io.xpmsync.xpmsandbox.persistence.ContactEntity;
import io.xpmsync.xpmsandbox.persistence.PracticeEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A practice's clients and contacts as the XPM 3.1 client API reads and writes them. Every change stamps the
 * record's modification time; a change to a contact also stamps every client it belongs to, so that
 * {@code client.api/list?modifiedsince=} (which carries each client's contacts) shows it, unless the practice is set
 * not to ({@code contactEditsStampClients}: nothing public says real XPM does).
 */
@ApplicationScoped
public class PracticeStore {

    /** Below every UUID in PostgreSQL's order (unsigned, byte by byte), unlike Java's signed comparison. */
    private static final UUID FIRST = new UUID(0, 0);

    /** One page of a paged answer; {@code next} is the token of the following page, null on the last. */
    public record Page<T>(List<T> items, String next) {
    }

    /**
     * {@code client.api/list}: without BusinessStructure and IsProspect when the practice is set so
     * ({@code listOmitsGetFields}), as Xero's list example answers; {@code get} returns them.
     */
    @Transactional
    public List<XpmClient> list(UUID tenant, Instant modifiedSince) {
        List<ClientEntity> clients = modifiedSince == null
                ? ClientEntity.list("tenantId = ?1 order by name, uuid", tenant)
                : ClientEntity.list("tenantId = ?1 and modifiedAt >= ?2 order by name, uuid", tenant, modifiedSince);
        List<XpmClient> listed = withContacts(tenant, clients, true);
        PracticeEntity practice = PracticeEntity.findById(tenant);
        return practice == null || !practice.listOmitsGetFields ? listed
                : listed.stream().map(XpmClient::withoutGetOnlyFields).toList();
    }

    /**
     * Every client whole, as a person in XPM sees them: {@code BusinessStructure} and {@code IsProspect} included, the
     * tax number in full; in name order.
     */
    @Transactional
    public List<XpmClient> all(UUID tenant) {
        return withContacts(tenant, ClientEntity.list("tenantId = ?1 order by name, uuid", tenant), false);
    }

    /** Clients neither archived nor deleted, in UUID order, from after {@code after}. */
    @Transactional
    public Page<XpmClient> pagedList(UUID tenant, int pageSize, UUID after) {
        List<ClientEntity> clients = ClientEntity.find("tenantId = ?1 and archived = false and deleted = false"
                        + " and uuid > ?2 order by uuid", tenant, after == null ? FIRST : after)
                .page(0, pageSize + 1).list();
        boolean more = clients.size() > pageSize;
        List<ClientEntity> page = more ? clients.subList(0, pageSize) : clients;
        return new Page<>(withContacts(tenant, page, true), more ? page.get(page.size() - 1).uuid.toString() : null);
    }

    @Transactional
    public XpmClient get(UUID tenant, UUID uuid) {
        return withContacts(tenant, List.of(client(tenant, uuid)), true).get(0);
    }

    /** {@code client.api/add}: a new client and the new contacts it lists. */
    @Transactional
    public XpmClient add(UUID tenant, XpmClient request) {
        requireName(request.name(), "Client");
        ClientEntity client = new ClientEntity();
        client.uuid = request.uuid() == null || request.uuid().isBlank() ? UUID.randomUUID() : parse(request.uuid());
        client.tenantId = tenant;
        apply(client, request);
        client.archived = YesNo.read(request.isArchived());
        client.prospect = YesNo.read(request.isProspect());
        client.modifiedAt = now();
        client.persist();
        for (XpmContact contact : request.contacts()) {
            addContact(tenant, client, contact);
        }
        return get(tenant, client.uuid);
    }

    /**
     * {@code client.api/update}: fields present in the request are set (empty clears), absent ones are kept; a masked
     * tax number or a GST period in words is refused ({@link TaxForms}).
     */
    @Transactional
    public XpmClient update(UUID tenant, XpmClient request) {
        if (request.uuid() == null || request.uuid().isBlank()) {
            throw XpmApiException.invalid("UUID is required to update a client");
        }
        ClientEntity client = client(tenant, parse(request.uuid()));
        if (request.name() != null) {
            requireName(request.name(), "Client");
        }
        apply(client, request);
        client.modifiedAt = now();
        return get(tenant, client.uuid);
    }

    @Transactional
    public void archive(UUID tenant, UUID uuid) {
        ClientEntity client = client(tenant, uuid);
        client.archived = true;
        client.modifiedAt = now();
    }

    /**
     * A prospect converted to a client, as we believe XPM does it (Xero documents no conversion through the API): the
     * client is a new record with a new UUID holding the prospect's fields, no longer a prospect, with the prospect's
     * contacts linked to it instead; the prospect's own record is deleted (listed by {@code list} with
     * {@code IsDeleted} Yes, no longer a live client). Answers the new client.
     */
    @Transactional
    public XpmClient convertProspect(UUID tenant, UUID uuid) {
        ClientEntity prospect = client(tenant, uuid);
        if (!prospect.prospect || prospect.deleted) {
            throw new XpmApiException(409, "Client " + uuid + " is not a live prospect, so it cannot be converted");
        }
        ClientEntity converted = new ClientEntity();
        converted.uuid = UUID.randomUUID();
        converted.tenantId = tenant;
        converted.name = prospect.name;
        XpmClient held = client(prospect, List.of(), false);
        apply(converted, new XpmClient(null, held.name(), held.firstName(), held.lastName(), held.email(),
                held.address(), held.city(), held.region(), held.postCode(), held.country(), held.postalAddress(),
                held.postalCity(), held.postalRegion(), held.postalPostCode(), held.postalCountry(), held.phone(),
                held.fax(), held.website(), null, held.businessStructure(), null, null, null, null));
        converted.taxNumber = prospect.taxNumber;
        converted.gstPeriodMonths = prospect.gstPeriodMonths;
        converted.prospect = false;
        converted.archived = prospect.archived;
        converted.modifiedAt = now();
        converted.persistAndFlush();
        ClientContactEntity.update("clientUuid = ?1 where clientUuid = ?2", converted.uuid, prospect.uuid);
        ContactEntity.update("modifiedAt = ?1 where uuid in (select l.contactUuid from ClientContactEntity l"
                + " where l.clientUuid = ?2)", converted.modifiedAt, converted.uuid);
        prospect.deleted = true;
        prospect.modifiedAt = converted.modifiedAt;
        return get(tenant, converted.uuid);
    }

    @Transactional
    public void delete(UUID tenant, UUID uuid) {
        ClientEntity client = client(tenant, uuid);
        client.deleted = true;
        client.modifiedAt = now();
    }

    /** Contacts not deleted, in UUID order, from after {@code after}. */
    @Transactional
    public Page<XpmContact> contacts(UUID tenant, int pageSize, UUID after) {
        List<ContactEntity> contacts = ContactEntity.find("tenantId = ?1 and deleted = false and uuid > ?2 order by uuid",
                tenant, after == null ? FIRST : after).page(0, pageSize + 1).list();
        boolean more = contacts.size() > pageSize;
        List<ContactEntity> page = more ? contacts.subList(0, pageSize) : contacts;
        return new Page<>(page.stream().map(c -> contact(c, null)).toList(),
                more ? page.get(page.size() - 1).uuid.toString() : null);
    }

    @Transactional
    public XpmContact getContact(UUID tenant, UUID uuid, UUID clientUuid) {
        ContactEntity contact = contact(tenant, uuid);
        return contact(contact, clientUuid == null ? null : link(tenant, clientUuid, uuid));
    }

    /** {@code client.api/contact} (POST): a new contact, added to the client the request names. */
    @Transactional
    public XpmContact addContact(UUID tenant, XpmContact request) {
        if (request.client() == null || request.client().uuid() == null || request.client().uuid().isBlank()) {
            throw XpmApiException.invalid("Client UUID is required to add a contact");
        }
        ClientEntity client = client(tenant, parse(request.client().uuid()));
        ContactEntity contact = addContact(tenant, client, request);
        return contact(contact, ClientContactEntity.find("clientUuid = ?1 and contactUuid = ?2", client.uuid,
                contact.uuid).firstResult());
    }

    @Transactional
    public XpmContact updateContact(UUID tenant, UUID uuid, UUID clientUuid, XpmContact request) {
        ContactEntity contact = contact(tenant, uuid);
        if (request.name() != null) {
            requireName(request.name(), "Contact");
            contact.name = request.name().strip();
        }
        contact.salutation = keep(contact.salutation, request.salutation());
        contact.addressee = keep(contact.addressee, request.addressee());
        contact.mobile = keep(contact.mobile, request.mobile());
        contact.email = keep(contact.email, request.email());
        contact.phone = keep(contact.phone, request.phone());
        UUID linkedTo = clientUuid != null ? clientUuid
                : request.client() == null || request.client().uuid() == null ? null : parse(request.client().uuid());
        ClientContactEntity link = null;
        if (linkedTo != null) {
            link = link(tenant, linkedTo, uuid);
            if (request.isPrimary() != null) {
                setPrimary(link, YesNo.read(request.isPrimary()));
            }
            link.position = keep(link.position, request.position());
        }
        touch(contact);
        return contact(contact, link);
    }

    @Transactional
    public void deleteContact(UUID tenant, UUID uuid, UUID clientUuid) {
        ContactEntity contact = contact(tenant, uuid);
        if (clientUuid != null) {
            ClientContactEntity link = link(tenant, clientUuid, uuid);
            link.delete();
            client(tenant, clientUuid).modifiedAt = now();
            contact.modifiedAt = now();
            return;
        }
        contact.deleted = true;
        touch(contact);
    }

    /** {@code client.api/client/{uuid}/contacts}: links up to 10 existing contacts. */
    @Transactional
    public void link(UUID tenant, UUID clientUuid, List<XpmContact> links) {
        if (links.isEmpty() || links.size() > 10) {
            throw new XpmApiException(400, "Between 1 and 10 contacts can be added to a client per request, not "
                    + links.size());
        }
        ClientEntity client = client(tenant, clientUuid);
        for (XpmContact requested : links) {
            if (requested.uuid() == null || requested.uuid().isBlank()) {
                throw new XpmApiException(400, "Contact UUID is required");
            }
            ContactEntity contact = contact(tenant, parse(requested.uuid()));
            ClientContactEntity link = ClientContactEntity.find("clientUuid = ?1 and contactUuid = ?2", client.uuid,
                    contact.uuid).firstResult();
            if (link == null) {
                link = new ClientContactEntity();
                link.clientUuid = client.uuid;
                link.contactUuid = contact.uuid;
                link.persist();
            }
            link.position = keep(link.position, requested.position());
            if (requested.isPrimary() != null) {
                setPrimary(link, YesNo.read(requested.isPrimary()));
            }
            touch(contact);
        }
    }

    private ContactEntity addContact(UUID tenant, ClientEntity client, XpmContact request) {
        requireName(request.name(), "Contact");
        ContactEntity contact = new ContactEntity();
        contact.uuid = request.uuid() == null || request.uuid().isBlank() ? UUID.randomUUID() : parse(request.uuid());
        contact.tenantId = tenant;
        contact.name = request.name().strip();
        contact.salutation = blankToNull(request.salutation());
        contact.addressee = blankToNull(request.addressee());
        contact.mobile = blankToNull(request.mobile());
        contact.email = blankToNull(request.email());
        contact.phone = blankToNull(request.phone());
        contact.modifiedAt = now();
        contact.persist();
        ClientContactEntity link = new ClientContactEntity();
        link.clientUuid = client.uuid;
        link.contactUuid = contact.uuid;
        link.position = blankToNull(request.position());
        link.persist();
        // XPM: with several contacts marked primary, the last one is the primary contact.
        if (YesNo.read(request.isPrimary())) {
            setPrimary(link, true);
        }
        client.modifiedAt = now();
        return contact;
    }

    private void setPrimary(ClientContactEntity link, boolean primary) {
        if (primary) {
            ClientContactEntity.update("primary = false where clientUuid = ?1 and id <> ?2", link.clientUuid, link.id);
        }
        link.primary = primary;
    }

    private void touch(ContactEntity contact) {
        Instant now = now();
        contact.modifiedAt = now;
        PracticeEntity practice = PracticeEntity.findById(contact.tenantId);
        if (practice != null && !practice.contactEditsStampClients) {
            return; // as XPM may do: the edit shows only in the contacts' own list
        }
        ClientEntity.update("modifiedAt = ?1 where uuid in (select l.clientUuid from ClientContactEntity l"
                + " where l.contactUuid = ?2)", now, contact.uuid);
    }

    /** The clients with their contacts; {@code asApi}: the tax number masked, as the API answers it. */
    private List<XpmClient> withContacts(UUID tenant, List<ClientEntity> clients, boolean asApi) {
        if (clients.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<XpmContact>> byClient = new HashMap<>();
        List<UUID> ids = clients.size() > 500 ? null : clients.stream().map(c -> c.uuid).toList();
        List<Object[]> rows = ids == null
                ? ContactEntity.getEntityManager().createQuery("select l, c from ClientContactEntity l, ContactEntity c"
                        + " where c.uuid = l.contactUuid and c.tenantId = ?1 order by l.id", Object[].class)
                        .setParameter(1, tenant).getResultList()
                : ContactEntity.getEntityManager().createQuery("select l, c from ClientContactEntity l, ContactEntity c"
                        + " where c.uuid = l.contactUuid and l.clientUuid in ?1 order by l.id", Object[].class)
                        .setParameter(1, ids).getResultList();
        for (Object[] row : rows) {
            ClientContactEntity link = (ClientContactEntity) row[0];
            byClient.computeIfAbsent(link.clientUuid, k -> new ArrayList<>()).add(contact((ContactEntity) row[1], link));
        }
        return clients.stream().map(c -> client(c, byClient.getOrDefault(c.uuid, List.of()), asApi)).toList();
    }

    /**
     * The client as XPM answers it: every field present (empty when unset), {@code <Website>}, Yes/No flags, the GST
     * period in words and, {@code asApi}, the tax number masked.
     */
    static XpmClient client(ClientEntity c, List<XpmContact> contacts, boolean asApi) {
        return new XpmClient(c.uuid.toString(), c.name, text(c.firstName), text(c.lastName), text(c.email),
                text(c.address), text(c.city), text(c.region), text(c.postCode), text(c.country), text(c.postalAddress),
                text(c.postalCity), text(c.postalRegion), text(c.postalPostCode), text(c.postalCountry), text(c.phone),
                text(c.fax), text(c.website), null, text(c.businessStructure), YesNo.write(c.archived),
                YesNo.write(c.deleted), YesNo.write(c.prospect), new XpmContactList(contacts),
                asApi ? TaxForms.masked(c.taxNumber) : text(c.taxNumber), TaxForms.words(c.gstPeriodMonths));
    }

    static XpmContact contact(ContactEntity c, ClientContactEntity link) {
        return new XpmContact(c.uuid.toString(), null, c.name, text(c.salutation), text(c.addressee), text(c.mobile),
                text(c.email), text(c.phone), YesNo.write(c.deleted), link == null ? null : YesNo.write(link.primary),
                link == null ? null : text(link.position));
    }

    /** Sets what the request carries (empty clears); what it leaves out is kept. */
    private static void apply(ClientEntity c, XpmClient r) {
        if (r.name() != null) {
            c.name = r.name().strip();
        }
        c.firstName = keep(c.firstName, r.firstName());
        c.lastName = keep(c.lastName, r.lastName());
        c.email = keep(c.email, r.email());
        c.address = keep(c.address, r.address());
        c.city = keep(c.city, r.city());
        c.region = keep(c.region, r.region());
        c.postCode = keep(c.postCode, r.postCode());
        c.country = keep(c.country, r.country());
        c.postalAddress = keep(c.postalAddress, r.postalAddress());
        c.postalCity = keep(c.postalCity, r.postalCity());
        c.postalRegion = keep(c.postalRegion, r.postalRegion());
        c.postalPostCode = keep(c.postalPostCode, r.postalPostCode());
        c.postalCountry = keep(c.postalCountry, r.postalCountry());
        c.phone = keep(c.phone, r.phone());
        c.fax = keep(c.fax, r.fax());
        c.website = keep(c.website, r.websiteAnySpelling());
        c.businessStructure = keep(c.businessStructure, r.businessStructure());
        if (r.isProspect() != null) {
            c.prospect = YesNo.read(r.isProspect());
        }
        if (r.taxNumber() != null) {
            c.taxNumber = TaxForms.taxNumber(r.taxNumber());
        }
        if (r.gstPeriod() != null) {
            c.gstPeriodMonths = TaxForms.months(r.gstPeriod());
        }
    }

    private static ClientEntity client(UUID tenant, UUID uuid) {
        ClientEntity client = ClientEntity.findById(uuid);
        if (client == null || !client.tenantId.equals(tenant)) {
            throw XpmApiException.notFound("Client", uuid);
        }
        return client;
    }

    private static ContactEntity contact(UUID tenant, UUID uuid) {
        ContactEntity contact = ContactEntity.findById(uuid);
        if (contact == null || !contact.tenantId.equals(tenant)) {
            throw XpmApiException.notFound("Contact", uuid);
        }
        return contact;
    }

    private static ClientContactEntity link(UUID tenant, UUID clientUuid, UUID contactUuid) {
        client(tenant, clientUuid);
        ClientContactEntity link = ClientContactEntity.find("clientUuid = ?1 and contactUuid = ?2", clientUuid,
                contactUuid).firstResult();
        if (link == null) {
            throw XpmApiException.invalid("Contact " + contactUuid + " is not linked to client " + clientUuid);
        }
        return link;
    }

    /** XPM's UUIDs compare case-insensitively. */
    public static UUID parse(String uuid) {
        try {
            return UUID.fromString(uuid.strip());
        } catch (IllegalArgumentException e) {
            throw new XpmApiException(400, "'" + uuid + "' is not a UUID");
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw XpmApiException.invalid(what + " Name is required");
        }
    }

    /** A request field: absent keeps the value, empty clears it. */
    private static String keep(String current, String requested) {
        return requested == null ? current : blankToNull(requested);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
