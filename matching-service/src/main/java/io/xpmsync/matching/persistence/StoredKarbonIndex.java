package io.xpmsync.matching.persistence;

import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.matching.domain.KarbonEntry;
import io.xpmsync.matching.domain.KarbonIndex;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** One firm's index as stored in matching-service's tables; read inside the caller's transaction. */
public final class StoredKarbonIndex implements KarbonIndex {

    private final String firmId;
    private final KarbonContactRepository contacts;
    private final MappingRepository mappings;

    public StoredKarbonIndex(String firmId, KarbonContactRepository contacts, MappingRepository mappings) {
        this.firmId = firmId;
        this.contacts = contacts;
        this.mappings = mappings;
    }

    @Override
    public Collection<KarbonEntry> byName(String nameKey) {
        return contacts.byNameKey(firmId, nameKey).stream().map(this::entry).toList();
    }

    @Override
    public Collection<KarbonEntry> byEmail(String emailKey) {
        return contacts.byEmailKey(firmId, emailKey).stream().map(this::entry).toList();
    }

    @Override
    public Optional<ContactRef> mappedKarbonContact(ContactRef xpmRef) {
        return mappings.activeForXpm(firmId, xpmRef.id())
                .map(m -> new ContactRef(SourceSystem.KARBON, m.karbonKey, ContactKind.valueOf(m.karbonKind)));
    }

    private KarbonEntry entry(KarbonContactEntity c) {
        ContactRef ref = new ContactRef(SourceSystem.KARBON, c.karbonKey, ContactKind.valueOf(c.kind));
        ContactRef mappedTo = mappings.activeForKarbon(firmId, c.karbonKey)
                .map(m -> new ContactRef(SourceSystem.XPM, m.xpmId, ContactKind.valueOf(m.xpmKind)))
                .orElse(null);
        List<String> emails = c.emails.isEmpty() ? List.of() : Arrays.asList(c.emails.split("\n"));
        return new KarbonEntry(ref, c.name, emails, mappedTo, c.nameKey, c.emailKeys);
    }
}
