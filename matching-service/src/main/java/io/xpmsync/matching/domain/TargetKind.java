package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.util.Locale;
import java.util.Set;

/** Whether a record is, or becomes, a person or an organization in Karbon. */
public enum TargetKind {
    PERSON,
    ORGANIZATION;

    /** XPM business structures (practice-defined names) whose clients become people in Karbon. */
    private static final Set<String> PERSON_STRUCTURES = Set.of("individual", "sole trader");

    /**
     * The seed's rule: a client with a Business Type of Individual or Sole Trader becomes a Person, every other
     * client an Organization; an XPM contact is always a person.
     */
    public static TargetKind ofXpm(ContactSnapshot xpm) {
        if (xpm.ref().kind() == ContactKind.XPM_CONTACT) {
            return PERSON;
        }
        return isPersonStructure(xpm.businessStructure()) ? PERSON : ORGANIZATION;
    }

    /** Business structures are compared trimmed and case-insensitively. */
    public static boolean isPersonStructure(String businessStructure) {
        return businessStructure != null
                && PERSON_STRUCTURES.contains(businessStructure.strip().toLowerCase(Locale.ROOT));
    }

    public static TargetKind ofKarbon(ContactKind kind) {
        return switch (kind) {
            case KARBON_PERSON -> PERSON;
            case KARBON_ORGANIZATION -> ORGANIZATION;
            default -> throw new IllegalArgumentException("not a Karbon kind: " + kind);
        };
    }
}
