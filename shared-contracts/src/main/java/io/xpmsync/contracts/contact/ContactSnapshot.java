package io.xpmsync.contracts.contact;

import java.util.List;
import java.util.Objects;

/**
 * The whole synced state of one contact in one system: the single value model that XPM clients and contacts and
 * Karbon organizations and people are mapped into.
 *
 * <p>{@code contentHash} covers only the synced fields (see {@link ContentHash}), so two snapshots with the same hash
 * need no write between the systems.
 *
 * @param firstName          for people only; {@code null} for organizations and XPM clients that are not people
 * @param businessStructure  XPM's practice-defined business structure of a client (Individual, Sole Trader, ...)
 * @param contactType        Karbon's tenant-defined contact type
 * @param links              an XPM contact's clients; a Karbon person's organizations (through business cards)
 */
public record ContactSnapshot(
        ContactRef ref,
        String name,
        String firstName,
        String lastName,
        List<String> emails,
        List<Phone> phones,
        Address physicalAddress,
        Address mailingAddress,
        String businessStructure,
        String contactType,
        List<ContactRef> links,
        boolean archived,
        boolean deleted,
        String contentHash) {

    public ContactSnapshot {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(name, "name");
        emails = emails == null ? List.of() : List.copyOf(emails);
        phones = phones == null ? List.of() : List.copyOf(phones);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** The same snapshot with {@code contentHash} computed from its synced fields. */
    public ContactSnapshot withComputedHash() {
        return new ContactSnapshot(ref, name, firstName, lastName, emails, phones, physicalAddress, mailingAddress,
                businessStructure, contactType, links, archived, deleted, ContentHash.of(this));
    }
}
