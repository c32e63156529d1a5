package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;

import java.util.Collection;
import java.util.Optional;

/** What the matcher needs to know of one firm's Karbon contacts and mappings. */
public interface KarbonIndex {

    /** Karbon contacts whose name key equals {@code nameKey}. */
    Collection<KarbonEntry> byName(String nameKey);

    /** Karbon contacts that have {@code emailKey} among their emails. */
    Collection<KarbonEntry> byEmail(String emailKey);

    /** The Karbon contact an XPM record is actively mapped to. */
    Optional<ContactRef> mappedKarbonContact(ContactRef xpmRef);
}
