package io.xpmsync.sample;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Countries;
import io.xpmsync.contracts.contact.Phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Generates a realistic sample practice from a seed: XPM clients with a mix of business structures (Individual, Sole
 * Trader, Company, Trust, Partnership), contacts on organisation clients, several phones, physical and postal
 * addresses, some archived; and a Karbon firm that overlaps it in controlled ways: about half exact matches (name and
 * email spelled differently only in case and spacing), a tenth name-only, a tenth email-only, the rest new, plus
 * Karbon contacts that XPM does not have. The same seed always gives the same practice.
 */
public final class PracticeGenerator {

    private static final String[] FIRST = {"Oliver", "Amelia", "José", "Zoë", "Liam", "Mia", "Noah", "Isla", "Jack",
        "Aroha", "Thabo", "Priya", "Wiremu", "Chloé", "Lucas", "Ava", "Mason", "Grace", "Ethan", "Ruby"};
    private static final String[] ORG_SUFFIX = {"Holdings Pty Ltd", "Family Trust", "Partners", "Ltd",
        "Investments", "Builders", "Dental Group", "Farms", "Consulting", "Café"};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "te", "vu", "no", "si", "pe", "da", "ri",
        "zo", "ha", "ne", "bu", "ta"};
    private static final String[] CITIES = {"Sydney", "Auckland", "Melbourne", "Wellington", "Brisbane", "Perth"};
    private static final String[] STREETS = {"Queen Street", "George Street", "Lambton Quay", "Collins Street",
        "Ponsonby Road", "Hay Street"};

    private final Random random;
    private final int contactsPerOrganisation;
    private final List<XpmSeed> xpm = new ArrayList<>();
    private final List<KarbonSeed> karbon = new ArrayList<>();
    private int serial;

    private PracticeGenerator(long seed, int contactsPerOrganisation) {
        this.random = new Random(seed);
        this.contactsPerOrganisation = contactsPerOrganisation;
    }

    /** A practice of {@code clients} XPM clients (and their contacts) and the Karbon firm that overlaps it. */
    public static SamplePractice generate(long seed, int clients) {
        return generate(seed, clients, 0);
    }

    /**
     * As {@link #generate(long, int)}, but with {@code contactsPerOrganisation} contacts on average on every
     * organisation client (1 to twice that many less one) instead of 1 or 2 on two in five; 0 keeps the default.
     */
    public static SamplePractice generate(long seed, int clients, int contactsPerOrganisation) {
        if (clients < 0 || contactsPerOrganisation < 0) {
            throw new IllegalArgumentException("clients and contactsPerOrganisation must not be negative");
        }
        PracticeGenerator generator = new PracticeGenerator(seed, contactsPerOrganisation);
        for (int i = 0; i < clients; i++) {
            generator.client();
        }
        for (int i = 0; i < clients / 10; i++) {
            generator.karbonOnly();
        }
        return new SamplePractice(generator.xpm, generator.karbon);
    }

    private void client() {
        String structure = structure();
        boolean person = structure.equals("Individual") || structure.equals("Sole Trader");
        String token = token();
        String first = person ? FIRST[random.nextInt(FIRST.length)] : null;
        String last = person ? token : null;
        String name = person ? first + " " + last : token + " " + ORG_SUFFIX[random.nextInt(ORG_SUFFIX.length)];
        String email = (person ? first.toLowerCase(Locale.ROOT) : "accounts") + "." + token.toLowerCase(Locale.ROOT)
                + "@" + (person ? "mail.example" : token.toLowerCase(Locale.ROOT) + ".example");
        List<Phone> phones = phones();
        Address physical = address();
        Address postal = random.nextInt(4) == 0 ? physical : poBox(physical);
        ContactRef ref = ContactRef.xpmClient(uuid());
        // XPM holds a country's name, Karbon its ISO code: each side as the real system keeps it.
        ContactSnapshot record = new ContactSnapshot(ref, name, first, last, List.of(email), phones,
                asXpmHoldsIt(physical), asXpmHoldsIt(postal), structure, null, List.of(), random.nextInt(25) == 0, false,
                null).withComputedHash();

        Overlap overlap = overlap();
        int karbonIndex = switch (overlap) {
            case EXACT -> addKarbon(person, vary(name), first, last, List.of(vary(email)), phones, physical, postal, -1);
            case NAME_ONLY -> addKarbon(person, name, first, last, List.of("office." + token.toLowerCase(Locale.ROOT)
                    + "@other.example"), phones, physical, null, -1);
            case EMAIL_ONLY -> {
                String other = token();
                yield addKarbon(person, person ? first + " " + other : other + " Group", first, person ? other : null,
                        List.of(email), List.of(), null, null, -1);
            }
            case NEW -> -1;
        };
        xpm.add(new XpmSeed(record, overlap, karbonIndex));

        if (!person && (contactsPerOrganisation > 0 || random.nextInt(5) < 2)) {
            int contacts = contactsPerOrganisation > 0 ? 1 + random.nextInt(2 * contactsPerOrganisation - 1)
                    : 1 + random.nextInt(2);
            for (int c = 0; c < contacts; c++) {
                contact(ref, overlap == Overlap.EXACT ? karbonIndex : -1);
            }
        }
    }

    /** An XPM contact of a client; when the client's Karbon organization exists, half the time so does the person. */
    private void contact(ContactRef client, int karbonOrganization) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = token();
        String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@work.example";
        ContactSnapshot record = new ContactSnapshot(ContactRef.xpmContact(uuid()), first + " " + last, first, last,
                List.of(email), List.of(new Phone(mobile(), "Mobile")), null, null, null, null, List.of(client),
                false, false, null).withComputedHash();
        if (karbonOrganization >= 0 && random.nextBoolean()) {
            int person = addKarbon(true, first + " " + last, first, last, List.of(email.toUpperCase(Locale.ROOT)),
                    List.of(), null, null, karbonOrganization);
            xpm.add(new XpmSeed(record, Overlap.EXACT, person));
        } else {
            xpm.add(new XpmSeed(record, Overlap.NEW, -1));
        }
    }

    private void karbonOnly() {
        String token = token();
        addKarbon(false, token + " " + ORG_SUFFIX[random.nextInt(ORG_SUFFIX.length)], null, null,
                List.of("hello@" + token.toLowerCase(Locale.ROOT) + ".example"), phones(), address(), null, -1);
    }

    private int addKarbon(boolean person, String name, String first, String last, List<String> emails,
                          List<Phone> phones, Address physical, Address mailing, int organization) {
        String firstName = person ? (first == null ? name.split(" ")[0] : first) : null;
        String lastName = person ? (last == null ? name.substring(name.indexOf(' ') + 1) : last) : null;
        karbon.add(new KarbonSeed(person, person ? firstName + " " + lastName : name, firstName, lastName, "Client",
                emails, phones.stream().map(p -> new Phone(p.number(), p.label().equals("Phone") ? "Work" : p.label()))
                .toList(), physical, mailing, organization));
        return karbon.size() - 1;
    }

    private String structure() {
        int n = random.nextInt(100);
        return n < 30 ? "Individual" : n < 45 ? "Sole Trader" : n < 80 ? "Company" : n < 90 ? "Trust" : "Partnership";
    }

    private Overlap overlap() {
        int n = random.nextInt(100);
        return n < 50 ? Overlap.EXACT : n < 60 ? Overlap.NAME_ONLY : n < 70 ? Overlap.EMAIL_ONLY : Overlap.NEW;
    }

    private List<Phone> phones() {
        List<Phone> phones = new ArrayList<>();
        phones.add(new Phone("+61 2 " + (9000 + random.nextInt(999)) + " " + (1000 + random.nextInt(8999)), "Phone"));
        if (random.nextBoolean()) {
            phones.add(new Phone(mobile(), "Mobile"));
        }
        if (random.nextInt(5) == 0) {
            phones.add(new Phone("+61 2 " + (8000 + random.nextInt(999)) + " " + (1000 + random.nextInt(8999)), "Fax"));
        }
        return phones;
    }

    private String mobile() {
        return "+61 4" + (10 + random.nextInt(89)) + " " + (100 + random.nextInt(899)) + " " + (100 + random.nextInt(899));
    }

    private Address address() {
        int city = random.nextInt(CITIES.length);
        return new Address(List.of((1 + random.nextInt(300)) + " " + STREETS[random.nextInt(STREETS.length)]),
                CITIES[city], city % 2 == 0 ? "NSW" : "Auckland", String.valueOf(1000 + random.nextInt(8999)),
                city % 2 == 0 ? "AU" : "NZ");
    }

    private static Address asXpmHoldsIt(Address address) {
        return new Address(address.lines(), address.city(), address.region(), address.postCode(),
                Countries.name(address.country()));
    }

    private Address poBox(Address physical) {
        return new Address(List.of("PO Box " + (1 + random.nextInt(9999))), physical.city(), physical.region(),
                physical.postCode(), physical.country());
    }

    /** The same text as another system might hold it: case and spacing differ, nothing else. */
    private String vary(String text) {
        return switch (random.nextInt(4)) {
            case 0 -> text.toUpperCase(Locale.ROOT);
            case 1 -> text.toLowerCase(Locale.ROOT);
            case 2 -> " " + text.replace(" ", "  ") + " ";
            default -> text;
        };
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A word used once in the practice, so generated records only overlap where the generator means them to. */
    private String token() {
        int n = ++serial;
        StringBuilder s = new StringBuilder();
        do {
            s.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
