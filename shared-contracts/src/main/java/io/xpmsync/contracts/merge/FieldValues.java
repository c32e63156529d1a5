package io.xpmsync.contracts.merge;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Countries;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.Phones;
import io.xpmsync.contracts.contact.SyncedFields;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One contact's synced fields as values to compare, field by field: the name (Unicode NFC, whitespace collapsed), the
 * first email (case aside), the first phone number by meaning ("(09) 555-0101" is "09 555 0101"), and for clients and
 * organizations each address (a country by its code, its values as Karbon can hold them, so an XPM address longer than
 * Karbon takes and the same address shortened in Karbon are one value). Both systems' snapshots map to the same forms,
 * so a field agrees across the systems when its values are equal; a field changed on one side when its value differs
 * from that side's base. Pure: no I/O.
 */
public final class FieldValues {

    private static final char SEP = '\u001f';

    private FieldValues() {
    }

    /** The fields this contact syncs (people have no addresses), each as a comparable value ("" for none). */
    public static Map<SyncedField, String> of(ContactSnapshot s) {
        Map<SyncedField, String> values = new EnumMap<>(SyncedField.class);
        for (SyncedField field : fieldsOf(s)) {
            values.put(field, comparable(s, field));
        }
        return values;
    }

    /** The fields a contact of this kind syncs. */
    public static List<SyncedField> fieldsOf(ContactSnapshot s) {
        return person(s) ? List.of(SyncedField.NAME, SyncedField.EMAIL, SyncedField.PHONE, SyncedField.OTHER_PHONES)
                : List.of(SyncedField.values());
    }

    /** One field as a comparable value; "" when the contact holds none. */
    public static String comparable(ContactSnapshot s, SyncedField field) {
        return switch (field) {
            case NAME -> name(s.name());
            case EMAIL -> s.emails().isEmpty() ? "" : s.emails().get(0).strip().toLowerCase(Locale.ROOT);
            case PHONE -> s.phones().isEmpty() ? ""
                    : Phones.comparable(s.phones().get(0).number(), Phones.region(s));
            case OTHER_PHONES -> s.phones().stream().skip(1)
                    .map(p -> Phones.comparable(p.number(), Phones.region(s))).sorted()
                    .collect(Collectors.joining("\n"));
            case PHYSICAL_ADDRESS -> address(s.physicalAddress());
            case POSTAL_ADDRESS -> address(s.mailingAddress());
        };
    }

    /** One field in a person's words, as the contact's history and the console show it; null when none. */
    public static String display(ContactSnapshot s, SyncedField field) {
        String value = switch (field) {
            case NAME -> s.name();
            case EMAIL -> s.emails().isEmpty() ? null : s.emails().get(0);
            case PHONE -> s.phones().isEmpty() ? null : s.phones().get(0).number();
            case OTHER_PHONES -> SyncedFields.phones(s.phones().stream().skip(1).toList());
            case PHYSICAL_ADDRESS -> SyncedFields.address(s.physicalAddress());
            case POSTAL_ADDRESS -> SyncedFields.address(s.mailingAddress());
        };
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Whether the two snapshots (of either system) hold the same value in this field, by meaning. */
    public static boolean same(ContactSnapshot a, ContactSnapshot b, SyncedField field) {
        return comparable(a, field).equals(comparable(b, field));
    }

    /**
     * {@code target} with one field's value taken from {@code source} (of either system): the name, the first email
     * (the others stay), the first phone number (its label from the target when it has one, so an XPM contact's Mobile
     * stays its Mobile), or an address.
     */
    public static ContactSnapshot with(ContactSnapshot target, SyncedField field, ContactSnapshot source) {
        String name = target.name();
        String first = target.firstName();
        String last = target.lastName();
        List<String> emails = target.emails();
        List<Phone> phones = target.phones();
        Address physical = target.physicalAddress();
        Address mailing = target.mailingAddress();
        switch (field) {
            case NAME -> {
                name = source.name();
                first = source.firstName();
                last = source.lastName();
            }
            case EMAIL -> emails = replaceFirst(target.emails(), source.emails().isEmpty() ? null
                    : source.emails().get(0));
            case PHONE -> {
                List<Phone> result = new ArrayList<>(target.phones());
                Phone from = source.phones().isEmpty() ? null : source.phones().get(0);
                if (from == null) {
                    if (!result.isEmpty()) {
                        result.remove(0);
                    }
                } else if (result.isEmpty()) {
                    result.add(from);
                } else {
                    result.set(0, new Phone(from.number(), result.get(0).label()));
                }
                phones = result;
            }
            case OTHER_PHONES -> {
                List<Phone> result = new ArrayList<>(target.phones().stream().limit(1).toList());
                result.addAll(source.phones().stream().skip(1).toList());
                phones = result;
            }
            case PHYSICAL_ADDRESS -> physical = source.physicalAddress();
            case POSTAL_ADDRESS -> mailing = source.mailingAddress();
        }
        return new ContactSnapshot(target.ref(), name, first, last, emails, phones, physical, mailing,
                target.businessStructure(), target.contactType(), target.links(), target.archived(), target.deleted(),
                null).withComputedHash();
    }

    /**
     * {@code target} with one field holding a value a person typed (the name, an email or a phone number; an address
     * is chosen from a side, never typed).
     */
    public static ContactSnapshot withTyped(ContactSnapshot target, SyncedField field, String value) {
        String typed = value == null ? "" : value.strip();
        ContactSnapshot source = switch (field) {
            case NAME -> new ContactSnapshot(target.ref(), typed, null, null, List.of(), List.of(), null, null, null,
                    null, List.of(), false, false, null);
            case EMAIL -> new ContactSnapshot(target.ref(), target.name(), null, null,
                    typed.isEmpty() ? List.of() : List.of(typed), List.of(), null, null, null, null, List.of(), false,
                    false, null);
            case PHONE -> new ContactSnapshot(target.ref(), target.name(), null, null, List.of(),
                    typed.isEmpty() ? List.of() : List.of(new Phone(typed, null)), null, null, null, null, List.of(),
                    false, false, null);
            default -> throw new IllegalArgumentException(field.label() + " is chosen from XPM's or Karbon's value,"
                    + " not typed");
        };
        ContactSnapshot result = with(target, field, source);
        if (field == SyncedField.NAME && person(target)) {
            String[] names = split(typed);
            result = new ContactSnapshot(result.ref(), typed, names[0], names[1], result.emails(), result.phones(),
                    result.physicalAddress(), result.mailingAddress(), result.businessStructure(), result.contactType(),
                    result.links(), result.archived(), result.deleted(), null).withComputedHash();
        }
        return result;
    }

    private static String[] split(String name) {
        String collapsed = name.strip().replaceAll("\\s+", " ");
        int space = collapsed.lastIndexOf(' ');
        return space < 0 ? new String[]{collapsed, null}
                : new String[]{collapsed.substring(0, space), collapsed.substring(space + 1)};
    }

    /** The values with the first replaced by {@code first} (null: the first removed); the others stay. */
    private static List<String> replaceFirst(List<String> values, String first) {
        List<String> result = new ArrayList<>(values);
        if (!result.isEmpty()) {
            result.remove(0);
        }
        if (first != null) {
            result.removeIf(v -> v.strip().equalsIgnoreCase(first.strip()));
            result.add(0, first);
        }
        return result;
    }

    private static boolean person(ContactSnapshot s) {
        return s.ref().kind() == ContactKind.KARBON_PERSON || s.ref().kind() == ContactKind.XPM_CONTACT;
    }

    private static String name(String name) {
        return name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
    }

    /** An address as Karbon can hold it ({@link KarbonLengths#fitted}): XPM's longer value and Karbon's are one. */
    private static String address(Address xpmOrKarbon) {
        Address a = KarbonLengths.fitted(xpmOrKarbon);
        if (a == null) {
            return "";
        }
        String text = String.join("\n", a.lines().stream().map(String::strip).toList()) + SEP + nn(a.city()) + SEP
                + nn(a.region()) + SEP + nn(a.postCode()) + SEP + (a.country() == null ? ""
                : Countries.comparable(a.country()));
        return text.replace(String.valueOf(SEP), "").isBlank() ? "" : text.toLowerCase(Locale.ROOT);
    }

    private static String nn(String value) {
        return value == null ? "" : value.strip();
    }
}
