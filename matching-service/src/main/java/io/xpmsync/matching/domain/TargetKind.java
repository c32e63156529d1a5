package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;

/** Whether a record is, or becomes, a person or an organization in Karbon. */
public enum TargetKind {
    PERSON,
    ORGANIZATION;

    /** Whether the XPM record is, or becomes, a person: {@link BusinessStructures#becomesPerson}. */
    public static TargetKind ofXpm(ContactSnapshot xpm) {
        return BusinessStructures.becomesPerson(xpm) ? PERSON : ORGANIZATION;
    }

    public static TargetKind ofKarbon(ContactKind kind) {
        return switch (kind) {
            case KARBON_PERSON -> PERSON;
            case KARBON_ORGANIZATION -> ORGANIZATION;
            default -> throw new IllegalArgumentException("not a Karbon kind: " + kind);
        };
    }
}
