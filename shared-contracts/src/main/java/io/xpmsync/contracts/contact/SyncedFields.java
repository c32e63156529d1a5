package io.xpmsync.contracts.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The synced fields (those {@link ContentHash} covers) that differ between two snapshots of one record in one system,
 * each as a person reads it: a contact's history says which fields a write changed, from what to what.
 */
public final class SyncedFields {

    private SyncedFields() {
    }

    /** The fields that differ; {@code before} null (a record made now): every field {@code after} has. */
    public static List<FieldChange> changes(ContactSnapshot before, ContactSnapshot after) {
        List<FieldChange> changes = new ArrayList<>();
        add(changes, "Name", before == null ? null : before.name(), after.name());
        add(changes, "First name", before == null ? null : before.firstName(), after.firstName());
        add(changes, "Last name", before == null ? null : before.lastName(), after.lastName());
        add(changes, "Email", before == null ? null : emails(before), emails(after));
        add(changes, "Phone", before == null ? null : phones(before), phones(after));
        add(changes, "Physical address", before == null ? null : address(before.physicalAddress()),
                address(after.physicalAddress()));
        add(changes, "Postal address", before == null ? null : address(before.mailingAddress()),
                address(after.mailingAddress()));
        return changes;
    }

    private static void add(List<FieldChange> changes, String field, String before, String after) {
        String was = blankToNull(before);
        String is = blankToNull(after);
        if (!Objects.equals(was, is)) {
            changes.add(new FieldChange(field, was, is));
        }
    }

    private static String emails(ContactSnapshot c) {
        return String.join(", ", c.emails());
    }

    /** Phone numbers in a person's words: each with its label in brackets, joined. */
    public static String phones(List<Phone> phones) {
        return phones.stream().map(p -> p.label() == null || p.label().isBlank() ? p.number()
                : p.number() + " (" + p.label() + ")").collect(Collectors.joining(", "));
    }

    private static String phones(ContactSnapshot c) {
        return phones(c.phones());
    }

    /** An address in a person's words: its lines, city, region, post code and country, joined; null for none. */
    public static String address(Address a) {
        if (a == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(a.lines());
        parts.add(a.city());
        parts.add(a.region());
        parts.add(a.postCode());
        parts.add(a.country());
        return parts.stream().filter(p -> p != null && !p.isBlank()).map(String::strip)
                .collect(Collectors.joining(", "));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
