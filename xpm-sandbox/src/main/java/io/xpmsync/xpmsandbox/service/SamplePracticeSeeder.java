package io.xpmsync.xpmsandbox.service;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmRef;
import io.xpmsync.client.xpm.model.YesNo;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.sample.PracticeGenerator;
import io.xpmsync.sample.SamplePractice;
import io.xpmsync.sample.XpmSeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * Fills a practice with the XPM side of a generated sample practice ({@code sample-data}): clients with business
 * structures, phones, physical and postal addresses, some archived, and contacts on organisation clients. The same
 * seed always gives the same practice, and the Karbon sandbox can seed the overlapping firm from the same seed.
 */
@ApplicationScoped
public class SamplePracticeSeeder {

    /** How many records were created. */
    public record Seeded(int clients, int contacts) {
    }

    private static final int BATCH = 500;

    private final PracticeStore store;

    SamplePracticeSeeder(PracticeStore store) {
        this.store = store;
    }

    public Seeded seed(UUID tenant, long seed, int clients, int contactsPerOrganisation) {
        SamplePractice practice = PracticeGenerator.generate(seed, clients, contactsPerOrganisation);
        List<XpmSeed> records = practice.xpm();
        int contacts = 0;
        for (int from = 0; from < records.size(); from += BATCH) {
            contacts += seedBatch(tenant, records.subList(from, Math.min(records.size(), from + BATCH)));
        }
        return new Seeded(records.size() - contacts, contacts);
    }

    @Transactional
    int seedBatch(UUID tenant, List<XpmSeed> batch) {
        int contacts = 0;
        for (XpmSeed seed : batch) {
            ContactSnapshot r = seed.record();
            if (r.links().isEmpty()) {
                store.add(tenant, client(tenant, r));
            } else {
                store.addContact(tenant, contact(tenant, r));
                contacts++;
            }
        }
        return contacts;
    }

    /** XPM keeps a client's Phone and Fax; a mobile goes to Phone when there is no other. */
    /**
     * The generator's ids are the same for the same seed, and XPM's UUIDs are unique across practices: the same seed
     * seeded into two practices gets ids of its own in each (it once failed on the second one).
     */
    private static String id(UUID tenant, String generated) {
        return UUID.nameUUIDFromBytes((tenant + ":" + generated).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static XpmClient client(UUID tenant, ContactSnapshot r) {
        String phone = phone(r.phones(), "Phone");
        if (phone == null) {
            phone = phone(r.phones(), "Mobile");
        }
        Address a = r.physicalAddress();
        Address p = r.mailingAddress();
        return new XpmClient(id(tenant, r.ref().id()), r.name(), r.firstName(), r.lastName(), first(r.emails()),
                a == null ? null : String.join("\n", a.lines()), a == null ? null : a.city(),
                a == null ? null : a.region(), a == null ? null : a.postCode(), a == null ? null : a.country(),
                p == null ? null : String.join("\n", p.lines()), p == null ? null : p.city(),
                p == null ? null : p.region(), p == null ? null : p.postCode(), p == null ? null : p.country(),
                phone, phone(r.phones(), "Fax"), null, null, r.businessStructure(), YesNo.write(r.archived()),
                YesNo.write(r.deleted()), null, null, null);
    }

    private static XpmContact contact(UUID tenant, ContactSnapshot r) {
        return new XpmContact(id(tenant, r.ref().id()), new XpmRef(id(tenant, r.links().get(0).id()), null), r.name(),
                null, null,
                phone(r.phones(), "Mobile"), first(r.emails()), phone(r.phones(), "Phone"), "No", "No", null);
    }

    private static String phone(List<Phone> phones, String label) {
        return phones.stream().filter(p -> p.label().equals(label)).map(Phone::number).findFirst().orElse(null);
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
