package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.util.List;

/** Whether a record is, or becomes, a person or an organization in Karbon. */
public enum TargetKind {
    PERSON,
    ORGANIZATION;

    /** Whether the XPM record is, or becomes, a person: {@link BusinessStructures#becomesPerson}. */
    public static TargetKind ofXpm(ContactSnapshot xpm) {
        return ofXpm(xpm, List.of());
    }

    /** As {@link #ofXpm(ContactSnapshot)}, with the firm's own person structures beside the seed's. */
    public static TargetKind ofXpm(ContactSnapshot xpm, List<String> personStructures) {
        return BusinessStructures.becomesPerson(xpm, personStructures) ? PERSON : ORGANIZATION;
    }

    public static TargetKind ofKarbon(ContactKind kind) {
        return switch (kind) {
            case KARBON_PERSON -> PERSON;
            case KARBON_ORGANIZATION -> ORGANIZATION;
            default -> throw new IllegalArgumentException("not a Karbon kind: " + kind);
        };
    }
}
