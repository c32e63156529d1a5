package io.xpmsync.mapping.karbon;

import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.KarbonSnapshots;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.ContactDto;
import io.xpmsync.client.karbon.model.ContactRequest;
import io.xpmsync.client.karbon.model.OrganizationDto;
import io.xpmsync.client.karbon.model.OrganizationRequest;
import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.mapping.persistence.FirmSettingsEntity;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.FieldChange;
import io.xpmsync.contracts.contact.SyncedFields;
import io.xpmsync.contracts.merge.SyncedField;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes XPM records into Karbon by the seed's rules: a new Person for Individual and Sole Trader clients and for XPM
 * contacts (first and last name from XPM's FirstName/LastName, or split from the name), an Organization otherwise, with
 * the configured Contact Type and a business card holding email, phones and addresses; for a mapped record, only the
 * synced fields that differ. Never deletes anything in Karbon.
 */
@ApplicationScoped
public class KarbonWriter {

    /**
     * What is in Karbon after a write, whether anything was written, and what (synced fields, before and after, for
     * the contact's history).
     */
    public record Written(ContactRef ref, String name, boolean changed, List<FieldChange> changes,
                          ContactSnapshot karbonBefore, ContactSnapshot karbonAfter) {

        public Written(ContactRef ref, String name, boolean changed) {
            this(ref, name, changed, List.of(), null, null);
        }

        public Written(ContactRef ref, String name, boolean changed, List<FieldChange> changes) {
            this(ref, name, changed, changes, null, null);
        }
    }

    /**
     * Which synced fields of the XPM record to write, decided on Karbon's contact as just read (its state before the
     * write): the three-way merge's answer. Null from the plan: every field (a first write, no base yet).
     */
    @FunctionalInterface
    public interface Plan {
        /** {@code karbonModifiedAt}: when Karbon says the contact last changed (null: it did not say). */
        Set<SyncedField> fields(ContactSnapshot karbonNow, Instant karbonModifiedAt);

        /** Every synced field: a mapping's first write. */
        Plan ALL = (karbonNow, karbonModifiedAt) -> null;
    }

    /** Karbon's LastModifiedDateTime as an instant; null when absent or not a date. */
    static Instant modifiedAt(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException again) {
                return null;
            }
        }
    }

    private final KarbonAccess access;

    KarbonWriter(KarbonAccess access) {
        this.access = access;
    }

    /**
     * What the firm's settings say about writing its records: its own person structures (see
     * {@link BusinessStructures#becomesPerson(ContactSnapshot, java.util.Collection)}) and its practice's country.
     */
    record FirmRules(List<String> personStructures, String region) {

        static FirmRules of(String firmId) {
            FirmSettingsEntity settings = FirmSettingsEntity.findById(firmId);
            return settings == null ? new FirmRules(List.of(), null)
                    : new FirmRules(settings.personStructureList(), settings.region);
        }
    }

    /**
     * Creates the Karbon contact for an XPM record, tagged with {@code identifier} (Karbon's UserDefinedIdentifier).
     * With {@code retry}, a contact this service already created with that identifier is found and reused instead.
     */
    public Written create(String firmId, ContactSnapshot xpm, String contactType, List<String> organizationKeys,
                          String identifier, boolean retry) {
        KarbonClient karbon = access.client(firmId);
        FirmRules rules = FirmRules.of(firmId);
        boolean person = BusinessStructures.becomesPerson(xpm, rules.personStructures());
        if (retry) {
            Optional<Written> existing = findCreated(karbon, xpm.name(), person, identifier);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        BusinessCardDto card = KarbonCards.newCard(xpm, person && !organizationKeys.isEmpty()
                ? organizationKeys.get(0) : null, rules.region());
        if (person) {
            String[] names = names(xpm);
            // one card per organization the person belongs to: Karbon links a person to an organization by a card
            List<BusinessCardDto> cards = withLinks(List.of(card), organizationKeys);
            ContactDto created = karbon.createContact(new ContactRequest(names[0], null, names[1], null, null,
                    contactType, identifier, null, cards));
            return new Written(ContactRef.karbonPerson(created.contactKey()), names[0] + " " + names[1], true,
                    List.of(), null, KarbonSnapshots.person(created));
        }
        OrganizationDto created = karbon.createOrganization(new OrganizationRequest(xpm.name(), contactType, identifier,
                null, List.of(card)));
        return new Written(ContactRef.karbonOrganization(created.organizationKey()), xpm.name(), true, List.of(),
                null, KarbonSnapshots.organization(created));
    }

    /**
     * Writes the XPM record's synced fields that differ into the mapped Karbon contact: the name, and on the primary
     * card the values that came from XPM ({@code previous}: the record as last written, may be null). Everything else
     * Karbon holds (other cards, card keys, social links, fields not synced) is kept: see
     * {@link KarbonClient#updateContact}.
     */
    public Written update(String firmId, ContactRef karbonRef, ContactSnapshot xpm, ContactSnapshot previous,
                          List<String> organizationKeys) {
        return update(firmId, karbonRef, xpm, previous, organizationKeys, Plan.ALL);
    }

    /**
     * As above, writing only the fields {@code plan} names for the contact as Karbon holds it now; the others stay as
     * Karbon holds them (a field changed in Karbon meanwhile, or in conflict, is never overwritten). The answer holds
     * Karbon's contact before and after.
     */
    public Written update(String firmId, ContactRef karbonRef, ContactSnapshot xpm, ContactSnapshot previous,
                          List<String> organizationKeys, Plan plan) {
        KarbonClient karbon = access.client(firmId);
        String region = FirmRules.of(firmId).region();
        Written[] written = new Written[1];
        if (karbonRef.kind() == ContactKind.KARBON_PERSON) {
            karbon.updateContact(karbonRef.id(), current -> {
                ContactSnapshot before = KarbonSnapshots.person(current);
                Set<SyncedField> fields = plan.fields(before, modifiedAt(current.lastModifiedDateTime()));
                String[] names = names(xpm);
                boolean renamed = writes(fields, SyncedField.NAME) && (!Objects.equals(current.firstName(), names[0])
                        || !Objects.equals(current.lastName(), names[1]));
                if (!writes(fields, SyncedField.NAME)) {
                    names = new String[]{current.firstName(), current.lastName()};
                }
                List<BusinessCardDto> merged = mergedCards(current.businessCards(), xpm, previous, region, fields);
                List<BusinessCardDto> held = merged != null ? merged
                        : current.businessCards() == null ? List.of() : current.businessCards();
                List<BusinessCardDto> linked = withLinks(held, organizationKeys);
                List<BusinessCardDto> cards = merged != null || linked.size() > held.size() ? linked : null;
                if (!renamed && cards == null) {
                    written[0] = new Written(karbonRef, current.firstName() + " " + current.lastName(), false,
                            List.of(), before, before);
                    return null;
                }
                ContactDto changed = new ContactDto(null, null, current.contactKey(), names[0], current.middleName(),
                        names[1], current.preferredName(), current.salutation(), current.contactType(),
                        current.userDefinedIdentifier(), current.restrictionLevel(), current.lastModifiedDateTime(),
                        cards != null ? cards : current.businessCards());
                ContactSnapshot after = KarbonSnapshots.person(changed);
                written[0] = new Written(karbonRef, names[0] + " " + names[1], true,
                        SyncedFields.changes(before, after), before, after);
                return changed;
            });
            return written[0];
        }
        karbon.updateOrganization(karbonRef.id(), current -> {
            ContactSnapshot before = KarbonSnapshots.organization(current);
            Set<SyncedField> fields = plan.fields(before, modifiedAt(current.lastModifiedDateTime()));
            String name = writes(fields, SyncedField.NAME) ? xpm.name() : current.fullName();
            boolean renamed = !Objects.equals(current.fullName(), name);
            List<BusinessCardDto> cards = mergedCards(current.businessCards(), xpm, previous, region, fields);
            if (!renamed && cards == null) {
                written[0] = new Written(karbonRef, current.fullName(), false, List.of(), before, before);
                return null;
            }
            OrganizationDto changed = new OrganizationDto(null, null, current.organizationKey(), name,
                    current.contactType(), current.userDefinedIdentifier(), current.restrictionLevel(),
                    current.lastModifiedDateTime(), cards != null ? cards : current.businessCards(), current.contacts());
            ContactSnapshot after = KarbonSnapshots.organization(changed);
            written[0] = new Written(karbonRef, name, true, SyncedFields.changes(before, after), before, after);
            return changed;
        });
        return written[0];
    }

    private static boolean writes(Set<SyncedField> fields, SyncedField field) {
        return fields == null || fields.contains(field);
    }

    /** Whether the Karbon contact exists (a partial match's candidate may have been deleted since). */
    public boolean exists(String firmId, ContactRef karbonRef) {
        try {
            if (karbonRef.kind() == ContactKind.KARBON_PERSON) {
                access.client(firmId).getContact(karbonRef.id());
            } else {
                access.client(firmId).getOrganization(karbonRef.id());
            }
            return true;
        } catch (KarbonClientException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The cards with one more, holding only its {@code OrganizationKey}, for each organization no card links yet (an
     * XPM contact that belongs to several clients is linked to each of their organizations). Links are never removed.
     */
    static List<BusinessCardDto> withLinks(List<BusinessCardDto> cards, List<String> organizationKeys) {
        List<BusinessCardDto> result = new ArrayList<>(cards);
        for (String organization : organizationKeys) {
            if (result.stream().noneMatch(c -> organization.equals(c.organizationKey()))) {
                result.add(new BusinessCardDto(null, null, null, false, organization, null, List.of(), List.of(),
                        List.of(), null));
            }
        }
        return result;
    }

    /**
     * The cards with the primary one merged (only {@code fields}; null: all), or null when nothing synced would
     * change.
     */
    private static List<BusinessCardDto> mergedCards(List<BusinessCardDto> cards, ContactSnapshot xpm,
                                                     ContactSnapshot previous, String region, Set<SyncedField> fields) {
        List<BusinessCardDto> current = cards == null ? List.of() : cards;
        int primary = 0;
        for (int i = 0; i < current.size(); i++) {
            if (Boolean.TRUE.equals(current.get(i).isPrimaryCard())) {
                primary = i;
                break;
            }
        }
        BusinessCardDto before = current.isEmpty() ? new BusinessCardDto(null, null, null, true, null, null, List.of(),
                List.of(), List.of(), null) : current.get(primary);
        BusinessCardDto after = KarbonCards.only(before, KarbonCards.merge(before, xpm, previous, region), fields);
        if (!current.isEmpty() && KarbonCards.sameSyncedValues(before, after)) {
            return null;
        }
        List<BusinessCardDto> result = new ArrayList<>(current);
        if (result.isEmpty()) {
            result.add(after);
        } else {
            result.set(primary, after);
        }
        return result;
    }

    private static Optional<Written> findCreated(KarbonClient karbon, String name, boolean person, String identifier) {
        String filter = "FullName eq '" + name.strip().replace("'", "''") + "'";
        if (person) {
            return karbon.listContacts(filter).stream().filter(c -> identifier.equals(c.userDefinedIdentifier()))
                    .findFirst().map(c -> new Written(ContactRef.karbonPerson(c.contactKey()), c.fullName(), true));
        }
        return karbon.listOrganizations(filter).stream().filter(o -> identifier.equals(o.userDefinedIdentifier()))
                .findFirst().map(o -> new Written(ContactRef.karbonOrganization(o.organizationKey()), o.fullName(), true));
    }

    /** First and last name: XPM's FirstName/LastName, or the name split at its last space. */
    static String[] names(ContactSnapshot xpm) {
        if (xpm.firstName() != null && xpm.lastName() != null) {
            return new String[]{xpm.firstName(), xpm.lastName()};
        }
        String name = xpm.name().strip().replaceAll("\\s+", " ");
        int space = name.lastIndexOf(' ');
        // Karbon requires both names; a one-word XPM name (e.g. "Reception") gets "-" as its last name.
        return space < 0 ? new String[]{name, "-"} : new String[]{name.substring(0, space), name.substring(space + 1)};
    }
}
