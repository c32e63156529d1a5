package io.xpmsync.mapping.karbon;

import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Countries;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.Phones;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import io.xpmsync.contracts.merge.SyncedField;

/**
 * The seed's imported fields on a Karbon business card: email, phone numbers, the physical address (from XPM's Address
 * fields) and the mailing address (from XPM's Postal fields), the country as Karbon's ISO code (XPM holds its name). A card written for an XPM record keeps what people added
 * in Karbon: only values that came from XPM last time are replaced.
 */
public final class KarbonCards {

    private KarbonCards() {
    }

    /** A new primary card for an XPM record; {@code organizationKey} links a person to its organization. */
    public static BusinessCardDto newCard(ContactSnapshot xpm, String organizationKey) {
        return newCard(xpm, organizationKey, null);
    }

    /** As {@link #newCard(ContactSnapshot, String)}; numbers of a record with no address read in {@code firmRegion}. */
    public static BusinessCardDto newCard(ContactSnapshot xpm, String organizationKey, String firmRegion) {
        return new BusinessCardDto(null, null, null, true, organizationKey, null, xpm.emails(),
                phones(xpm.phones(), Phones.region(xpm, firmRegion)), addresses(xpm), null);
    }

    /**
     * The card after the XPM record's new values: values that came from XPM before ({@code previous}, may be null) and
     * are gone now are removed, XPM's current values are put first, everything people added in Karbon stays.
     */
    public static BusinessCardDto merge(BusinessCardDto card, ContactSnapshot xpm, ContactSnapshot previous) {
        return merge(card, xpm, previous, null);
    }

    /** As {@link #merge(BusinessCardDto, ContactSnapshot, ContactSnapshot)}, numbers read in the firm's region. */
    public static BusinessCardDto merge(BusinessCardDto card, ContactSnapshot xpm, ContactSnapshot previous,
                                        String firmRegion) {
        List<String> emails = mergeEmails(card.emailAddresses(), xpm.emails(), previous == null ? List.of()
                : previous.emails());
        // Phones compare by meaning: a number Karbon already holds, however it is written there, stays as written.
        String region = Phones.region(xpm, firmRegion);
        List<PhoneNumberDto> existingPhones = card.phoneNumbers() == null ? List.of() : card.phoneNumbers();
        List<PhoneNumberDto> phones = new ArrayList<>();
        for (PhoneNumberDto fromXpmNow : phones(xpm.phones(), region)) {
            phones.add(existingPhones.stream()
                    .filter(e -> Phones.same(e.number(), fromXpmNow.number(), region)).findFirst()
                    .orElse(fromXpmNow));
        }
        Set<String> fromXpm = new LinkedHashSet<>();
        (previous == null ? List.<Phone>of() : previous.phones())
                .forEach(p -> fromXpm.add(Phones.comparable(p.number(), region)));
        xpm.phones().forEach(p -> fromXpm.add(Phones.comparable(p.number(), region)));
        for (PhoneNumberDto existing : existingPhones) {
            if (!fromXpm.contains(Phones.comparable(existing.number(), region))) {
                phones.add(existing);
            }
        }
        List<AddressDto> addresses = new ArrayList<>(addresses(xpm));
        for (AddressDto existing : card.addresses() == null ? List.<AddressDto>of() : card.addresses()) {
            boolean replaced = ("Physical".equals(existing.label()) && (xpm.physicalAddress() != null
                    || previous != null && previous.physicalAddress() != null))
                    || ("Mailing".equals(existing.label()) && (xpm.mailingAddress() != null
                    || previous != null && previous.mailingAddress() != null));
            if (!replaced) {
                addresses.add(existing);
            }
        }
        return new BusinessCardDto(card.businessCardKey(), null, null, card.isPrimaryCard(), card.organizationKey(),
                card.roleOrTitle(), emails, phones, addresses, card.webSites());
    }

    /**
     * The card {@code merged} became, with only {@code fields} taken from it (null: all); every other synced value
     * stays as {@code before} holds it: its emails unless the email is written, its first phone unless the phone is,
     * its other numbers unless they are, each address unless it is.
     */
    public static BusinessCardDto only(BusinessCardDto before, BusinessCardDto merged, Set<SyncedField> fields) {
        if (fields == null) {
            return merged;
        }
        List<String> emails = fields.contains(SyncedField.EMAIL) ? merged.emailAddresses() : before.emailAddresses();
        List<PhoneNumberDto> had = before.phoneNumbers() == null ? List.of() : before.phoneNumbers();
        List<PhoneNumberDto> made = merged.phoneNumbers() == null ? List.of() : merged.phoneNumbers();
        List<PhoneNumberDto> phones = new ArrayList<>();
        if (fields.contains(SyncedField.PHONE)) {
            made.stream().limit(1).forEach(phones::add);
        } else {
            had.stream().limit(1).forEach(phones::add);
        }
        List<PhoneNumberDto> others = fields.contains(SyncedField.OTHER_PHONES) ? made : had;
        for (PhoneNumberDto p : others.stream().skip(1).toList()) {
            if (phones.stream().noneMatch(e -> Objects.equals(e.number(), p.number()))) {
                phones.add(p);
            }
        }
        List<AddressDto> addresses = new ArrayList<>();
        for (AddressDto a : merged.addresses() == null ? List.<AddressDto>of() : merged.addresses()) {
            if (taken(a, fields)) {
                addresses.add(a);
            }
        }
        for (AddressDto a : before.addresses() == null ? List.<AddressDto>of() : before.addresses()) {
            if (!taken(a, fields)) {
                addresses.add(a);
            }
        }
        return new BusinessCardDto(merged.businessCardKey(), null, null, merged.isPrimaryCard(),
                merged.organizationKey(), merged.roleOrTitle(), emails, phones, addresses, merged.webSites());
    }

    /** Whether an address of a merged card is taken: its label's field is written. Other labels stay as they were. */
    private static boolean taken(AddressDto a, Set<SyncedField> fields) {
        return "Physical".equals(a.label()) ? fields.contains(SyncedField.PHYSICAL_ADDRESS)
                : "Mailing".equals(a.label()) && fields.contains(SyncedField.POSTAL_ADDRESS);
    }

    /** Whether two cards hold the same synced values (keys and order of unsynced values aside). */
    public static boolean sameSyncedValues(BusinessCardDto a, BusinessCardDto b) {
        return Objects.equals(lower(a.emailAddresses()), lower(b.emailAddresses()))
                && Objects.equals(phoneValues(a.phoneNumbers()), phoneValues(b.phoneNumbers()))
                && Objects.equals(addressValues(a.addresses()), addressValues(b.addresses()))
                && Objects.equals(a.organizationKey(), b.organizationKey());
    }

    private static List<String> mergeEmails(List<String> current, List<String> xpm, List<String> previous) {
        Set<String> result = new LinkedHashSet<>(xpm);
        Set<String> dropped = new LinkedHashSet<>(lower(previous));
        lower(xpm).forEach(dropped::remove);
        for (String email : current == null ? List.<String>of() : current) {
            String key = email.strip().toLowerCase(Locale.ROOT);
            if (!dropped.contains(key) && lower(new ArrayList<>(result)).stream().noneMatch(key::equals)) {
                result.add(email);
            }
        }
        return List.copyOf(result);
    }

    /**
     * XPM's Phone, Fax and Mobile as Karbon's Work, Fax and Mobile. Karbon takes at most 20 characters: a longer
     * number (an extension, words) is written in its shortest international form, or left out if even that is longer.
     */
    static List<PhoneNumberDto> phones(List<Phone> phones, String region) {
        List<PhoneNumberDto> result = new ArrayList<>();
        for (Phone p : phones) {
            Phones.fitting(p.number(), region, KARBON_PHONE_LENGTH).ifPresent(number ->
                    result.add(new PhoneNumberDto(null, number, null, switch (p.label()) {
                        case "Fax" -> "Fax";
                        case "Mobile" -> "Mobile";
                        default -> "Work";
                    })));
        }
        return result;
    }

    /** Karbon's PhoneNumbers.Number maxLength. */
    static final int KARBON_PHONE_LENGTH = 20;

    static List<AddressDto> addresses(ContactSnapshot xpm) {
        List<AddressDto> addresses = new ArrayList<>();
        if (xpm.physicalAddress() != null) {
            addresses.add(address(xpm.physicalAddress(), "Physical"));
        }
        if (xpm.mailingAddress() != null) {
            addresses.add(address(xpm.mailingAddress(), "Mailing"));
        }
        return addresses;
    }

    /**
     * XPM holds a country's name, Karbon its ISO code: a name Karbon would not take is left out. Values longer than
     * Karbon takes are shortened to its limits ({@link KarbonLengths}; the history says so).
     */
    private static AddressDto address(Address xpm, String label) {
        Address a = KarbonLengths.fitted(xpm);
        return new AddressDto(null, String.join("\n", a.lines()), a.city(), a.region(), a.postCode(),
                Countries.code(a.country()).orElse(null), label);
    }

    private static List<String> lower(List<String> values) {
        return values == null ? List.of() : values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> phoneValues(List<PhoneNumberDto> phones) {
        return phones == null ? List.of() : phones.stream().map(p -> p.number() + "|" + p.label()).toList();
    }

    private static List<String> addressValues(List<AddressDto> addresses) {
        return addresses == null ? List.of() : addresses.stream().map(a -> String.join("|", nn(a.addressLines()),
                nn(a.city()), nn(a.stateProvinceCounty()), nn(a.zipCode()), nn(a.countryCode()), nn(a.label())))
                .toList();
    }

    private static String nn(String value) {
        return value == null ? "" : value;
    }
}
