package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A firm's index held in memory: for tests, the labelled corpus and the benchmark. Not thread-safe. */
public final class InMemoryKarbonIndex implements KarbonIndex {

    private final Map<ContactRef, KarbonEntry> entries = new HashMap<>();
    private final Map<String, List<KarbonEntry>> byName = new HashMap<>();
    private final Map<String, List<KarbonEntry>> byEmail = new HashMap<>();
    private final Map<ContactRef, ContactRef> mappings = new HashMap<>();

    public InMemoryKarbonIndex put(KarbonEntry entry) {
        KarbonEntry previous = entries.put(entry.ref(), entry);
        if (previous != null) {
            byName.getOrDefault(previous.nameKey(), new ArrayList<>()).remove(previous);
            previous.emailKeys().forEach(e -> byEmail.getOrDefault(e, new ArrayList<>()).remove(previous));
        }
        byName.computeIfAbsent(entry.nameKey(), k -> new ArrayList<>()).add(entry);
        entry.emailKeys().forEach(e -> byEmail.computeIfAbsent(e, k -> new ArrayList<>()).add(entry));
        return this;
    }

    /** Records an active mapping; the Karbon contact, if indexed, shows it as {@code mappedTo}. */
    public InMemoryKarbonIndex map(ContactRef xpmRef, ContactRef karbonRef) {
        mappings.put(xpmRef, karbonRef);
        KarbonEntry entry = entries.get(karbonRef);
        if (entry != null) {
            put(entry.withMappedTo(xpmRef));
        }
        return this;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Collection<KarbonEntry> byName(String nameKey) {
        return byName.getOrDefault(nameKey, List.of());
    }

    @Override
    public Collection<KarbonEntry> byEmail(String emailKey) {
        return byEmail.getOrDefault(emailKey, List.of());
    }

    @Override
    public Optional<ContactRef> mappedKarbonContact(ContactRef xpmRef) {
        return Optional.ofNullable(mappings.get(xpmRef));
    }
}
