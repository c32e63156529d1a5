package io.xpmsync.contracts.contact;

import java.util.Locale;
import java.util.Objects;

/**
 * A record in XPM or Karbon. XPM UUIDs arrive in upper and lower case, so XPM ids are kept lower-case: two refs to
 * the same XPM record are always equal.
 */
public record ContactRef(SourceSystem system, String id, ContactKind kind) {

    public ContactRef {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (kind.system() != system) {
            throw new IllegalArgumentException("kind " + kind + " does not belong to system " + system);
        }
        if (system == SourceSystem.XPM) {
            id = id.trim().toLowerCase(Locale.ROOT);
        }
    }

    public static ContactRef xpmClient(String uuid) {
        return new ContactRef(SourceSystem.XPM, uuid, ContactKind.XPM_CLIENT);
    }

    public static ContactRef xpmContact(String uuid) {
        return new ContactRef(SourceSystem.XPM, uuid, ContactKind.XPM_CONTACT);
    }

    public static ContactRef karbonOrganization(String key) {
        return new ContactRef(SourceSystem.KARBON, key, ContactKind.KARBON_ORGANIZATION);
    }

    public static ContactRef karbonPerson(String key) {
        return new ContactRef(SourceSystem.KARBON, key, ContactKind.KARBON_PERSON);
    }
}
