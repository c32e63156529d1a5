package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One Karbon contact as the matcher sees it.
 *
 * @param mappedTo  the XPM record it is mapped to, or {@code null}
 */
public record KarbonEntry(ContactRef ref, String name, List<String> emails, ContactRef mappedTo, String nameKey,
                          Set<String> emailKeys) {

    public KarbonEntry {
        emails = List.copyOf(emails);
        emailKeys = Set.copyOf(emailKeys);
    }

    public static KarbonEntry of(ContactRef ref, String name, List<String> emails, ContactRef mappedTo) {
        return new KarbonEntry(ref, name, emails, mappedTo, Keys.name(name), emailKeys(emails));
    }

    public KarbonEntry withMappedTo(ContactRef xpmRef) {
        return new KarbonEntry(ref, name, emails, xpmRef, nameKey, emailKeys);
    }

    public TargetKind kind() {
        return TargetKind.ofKarbon(ref.kind());
    }

    static Set<String> emailKeys(List<String> emails) {
        return emails.stream().map(Keys::email).filter(e -> !e.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
