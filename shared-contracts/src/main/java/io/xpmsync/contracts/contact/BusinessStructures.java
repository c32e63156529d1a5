package io.xpmsync.contracts.contact;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which XPM clients become a Person in Karbon, one rule for every service. The seed's rule: a client whose business
 * structure is Individual or Sole Trader (trimmed, inner spaces collapsed, any case) becomes a Person, every other
 * client an Organization; an XPM contact is always a person. XPM leaves the structure empty when the practice does
 * not use its practice-management module: such a client with both a first and a last name (XPM's FirstName and
 * LastName, which it fills for individuals) becomes a Person, one without them an Organization. Which structures mean
 * a person is practice-defined (a US practice says "Sole Proprietor"): a firm adds its own names in its Contact Sync
 * Settings ({@code personStructures}), compared the same way.
 */
public final class BusinessStructures {

    /** The structures whose clients become people (compared normalised, see {@link #isPersonStructure}). */
    public static final Set<String> PERSON_STRUCTURES = Set.of("individual", "sole trader");

    private BusinessStructures() {
    }

    /** Whether the XPM record becomes (or matches) a Person in Karbon, by the seed's structures alone. */
    public static boolean becomesPerson(ContactSnapshot xpm) {
        return becomesPerson(xpm, List.of());
    }

    /** Whether the XPM record becomes a Person in Karbon, with the firm's own person structures beside the seed's. */
    public static boolean becomesPerson(ContactSnapshot xpm, Collection<String> firmStructures) {
        if (xpm.ref().kind() == ContactKind.XPM_CONTACT) {
            return true;
        }
        if (blank(xpm.businessStructure())) {
            return !blank(xpm.firstName()) && !blank(xpm.lastName());
        }
        return isPersonStructure(xpm.businessStructure(), firmStructures);
    }

    /** Whether a client of this structure becomes a Person; null or blank is not such a structure. */
    public static boolean isPersonStructure(String businessStructure) {
        return isPersonStructure(businessStructure, List.of());
    }

    /** As {@link #isPersonStructure(String)}, with the firm's own person structures beside the seed's. */
    public static boolean isPersonStructure(String businessStructure, Collection<String> firmStructures) {
        if (blank(businessStructure)) {
            return false;
        }
        String normalised = normalise(businessStructure);
        return PERSON_STRUCTURES.contains(normalised)
                || firmStructures.stream().filter(s -> !blank(s)).map(BusinessStructures::normalise)
                .anyMatch(normalised::equals);
    }

    /** Trimmed, inner spaces collapsed, lower case: how structures compare. */
    public static String normalise(String businessStructure) {
        return businessStructure.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
