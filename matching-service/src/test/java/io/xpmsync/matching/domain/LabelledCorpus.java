package io.xpmsync.matching.domain;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.MatchOutcome;
import io.xpmsync.contracts.events.PartialReason;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic, labelled corpus of XPM records against one Karbon firm. Every case is built for its label (the
 * Karbon contacts it needs are created with it), so the labels do not come from the matcher under test. Names and
 * emails are varied the way real data varies: case, surrounding and inner whitespace, Unicode NFD versus NFC, ß.
 */
public final class LabelledCorpus {

    public enum Category {
        EXACT_ORGANIZATION, EXACT_PERSON_CLIENT, EXACT_XPM_CONTACT, EXACT_AMONG_PARTIAL_CANDIDATES,
        NEW_CLIENT, NEW_WITHOUT_EMAIL, NAME_ONLY, EMAIL_ONLY, KARBON_DUPLICATES, CANDIDATE_MAPPED_ELSEWHERE,
        EMAIL_MISSING_IN_XPM, EMAIL_MISSING_IN_KARBON, PERSON_VERSUS_ORGANIZATION, ALREADY_MAPPED
    }

    /** One XPM record and what the rules must say about it. */
    public record Labelled(Category category, ContactSnapshot xpm, MatchOutcome outcome, PartialReason reason,
                           ContactRef karbonRef) {
    }

    private static final String[] FIRST = {"Oliver", "Amelia", "José", "Zoë", "Renée", "Liam", "Mia", "Noah",
        "Chloé", "Jack", "Isla", "Søren", "Aroha", "Thabo", "Priya", "Wiremu"};
    private static final String[] ORG_SUFFIX = {"Holdings Pty Ltd", "Family Trust", "& Co", "Partners",
        "Straße GmbH", "Ltd", "Investments", "Café Group"};
    private static final String[] PERSON_STRUCTURES = {"Individual", "Sole Trader", " sole trader ", "INDIVIDUAL"};
    private static final String[] ORG_STRUCTURES = {"Company", "Trust", "Partnership", "company "};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "te", "vu", "no", "si", "pe", "da", "ri",
        "zo", "ha", "ne", "bu", "ta"};

    private final Random random;
    private final InMemoryKarbonIndex index = new InMemoryKarbonIndex();
    private final List<Labelled> records = new ArrayList<>();
    private int serial;

    private LabelledCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** {@code perCategory} records of every category, plus {@code fillers} unrelated Karbon contacts. */
    public static LabelledCorpus generate(long seed, int perCategory, int fillers) {
        LabelledCorpus corpus = new LabelledCorpus(seed);
        for (int i = 0; i < fillers; i++) {
            corpus.karbon(corpus.random.nextBoolean(), corpus.orgName(), List.of(corpus.email("filler")));
        }
        for (int i = 0; i < perCategory; i++) {
            for (Category category : Category.values()) {
                corpus.add(category);
            }
        }
        return corpus;
    }

    public InMemoryKarbonIndex index() {
        return index;
    }

    public List<Labelled> records() {
        return records;
    }

    private void add(Category category) {
        switch (category) {
            case EXACT_ORGANIZATION -> {
                String name = orgName();
                String email = email("accounts");
                ContactRef k = karbon(false, name, List.of(email("info"), email));
                label(category, client(vary(name), ORG_STRUCTURES, List.of(varyEmail(email))), MatchOutcome.EXACT, null, k);
            }
            case EXACT_PERSON_CLIENT -> {
                String name = personName();
                String email = email("me");
                ContactRef k = karbon(true, name, List.of(email));
                label(category, client(vary(name), PERSON_STRUCTURES, List.of(varyEmail(email))), MatchOutcome.EXACT, null, k);
            }
            case EXACT_XPM_CONTACT -> {
                String name = personName();
                String email = email("contact");
                ContactRef k = karbon(true, name, List.of(email));
                label(category, contact(vary(name), List.of(varyEmail(email))), MatchOutcome.EXACT, null, k);
            }
            case EXACT_AMONG_PARTIAL_CANDIDATES -> {
                String name = orgName();
                String email = email("office");
                ContactRef k = karbon(false, name, List.of(email));
                karbon(false, orgName(), List.of(email));
                karbon(false, name, List.of(email("other")));
                label(category, client(vary(name), ORG_STRUCTURES, List.of(varyEmail(email))), MatchOutcome.EXACT, null, k);
            }
            case NEW_CLIENT -> label(category, client(orgName(), ORG_STRUCTURES, List.of(email("new"))),
                    MatchOutcome.NEW, null, null);
            case NEW_WITHOUT_EMAIL -> label(category, client(personName(), PERSON_STRUCTURES, List.of()),
                    MatchOutcome.NEW, null, null);
            case NAME_ONLY -> {
                String name = orgName();
                karbon(false, name, List.of(email("karbon")));
                label(category, client(vary(name), ORG_STRUCTURES, List.of(email("xpm"))), MatchOutcome.PARTIAL,
                        PartialReason.NAME_ONLY, null);
            }
            case EMAIL_ONLY -> {
                String email = email("shared");
                karbon(true, personName(), List.of(email));
                label(category, client(personName(), PERSON_STRUCTURES, List.of(varyEmail(email))),
                        MatchOutcome.PARTIAL, PartialReason.EMAIL_ONLY, null);
            }
            case KARBON_DUPLICATES -> {
                String name = orgName();
                String email = email("dup");
                karbon(false, name, List.of(email));
                karbon(false, vary(name), List.of(email.toUpperCase(Locale.ROOT)));
                label(category, client(name, ORG_STRUCTURES, List.of(email)), MatchOutcome.PARTIAL,
                        PartialReason.SEVERAL_EXACT_CANDIDATES, null);
            }
            case CANDIDATE_MAPPED_ELSEWHERE -> {
                String name = personName();
                String email = email("taken");
                ContactRef k = karbon(true, name, List.of(email));
                index.map(ContactRef.xpmClient(UUID.randomUUID().toString()), k);
                label(category, client(vary(name), PERSON_STRUCTURES, List.of(email)), MatchOutcome.PARTIAL,
                        PartialReason.CANDIDATE_ALREADY_MAPPED, null);
            }
            case EMAIL_MISSING_IN_XPM -> {
                String name = orgName();
                karbon(false, name, List.of(email("k")));
                label(category, client(vary(name), ORG_STRUCTURES, List.of()), MatchOutcome.PARTIAL,
                        PartialReason.EMAIL_MISSING, null);
            }
            case EMAIL_MISSING_IN_KARBON -> {
                String name = personName();
                karbon(true, name, List.of());
                label(category, contact(vary(name), List.of(email("x"))), MatchOutcome.PARTIAL,
                        PartialReason.EMAIL_MISSING, null);
            }
            case PERSON_VERSUS_ORGANIZATION -> {
                String name = personName();
                String email = email("sole");
                karbon(false, name, List.of(email));
                label(category, client(vary(name), PERSON_STRUCTURES, List.of(email)), MatchOutcome.PARTIAL,
                        PartialReason.KIND_MISMATCH, null);
            }
            case ALREADY_MAPPED -> {
                ContactRef k = karbon(false, orgName(), List.of(email("mapped")));
                ContactSnapshot xpm = client(orgName(), ORG_STRUCTURES, List.of(email("changed")));
                index.map(xpm.ref(), k);
                label(category, xpm, MatchOutcome.LINKED, null, k);
            }
            default -> throw new IllegalStateException(category.name());
        }
    }

    private void label(Category category, ContactSnapshot xpm, MatchOutcome outcome, PartialReason reason,
                       ContactRef karbonRef) {
        records.add(new Labelled(category, xpm, outcome, reason, karbonRef));
    }

    private ContactRef karbon(boolean person, String name, List<String> emails) {
        String key = "K" + Integer.toString(++serial, 36).toUpperCase(Locale.ROOT);
        ContactRef ref = person ? ContactRef.karbonPerson(key) : ContactRef.karbonOrganization(key);
        index.put(KarbonEntry.of(ref, name, emails, null));
        return ref;
    }

    private ContactSnapshot client(String name, String[] structures, List<String> emails) {
        return snapshot(ContactRef.xpmClient(uuid()), name, structures[random.nextInt(structures.length)], emails);
    }

    private ContactSnapshot contact(String name, List<String> emails) {
        return snapshot(ContactRef.xpmContact(uuid()), name, null, emails);
    }

    private static ContactSnapshot snapshot(ContactRef ref, String name, String structure, List<String> emails) {
        return new ContactSnapshot(ref, name, null, null, emails, List.of(), null, null, structure, null, List.of(),
                false, false, null);
    }

    private String uuid() {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        return random.nextBoolean() ? uuid.toUpperCase(Locale.ROOT) : uuid;
    }

    /** A surname no other case uses, so cases never see each other's contacts. */
    private String token() {
        int n = ++serial;
        StringBuilder s = new StringBuilder();
        do {
            s.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String personName() {
        return FIRST[random.nextInt(FIRST.length)] + " " + token();
    }

    private String orgName() {
        return token() + " " + ORG_SUFFIX[random.nextInt(ORG_SUFFIX.length)];
    }

    private String email(String local) {
        return local + "." + token().toLowerCase(Locale.ROOT) + "@example.com";
    }

    /** The same name as another system might hold it. */
    private String vary(String name) {
        return switch (random.nextInt(6)) {
            case 0 -> name.toUpperCase(Locale.ROOT);
            case 1 -> name.toLowerCase(Locale.ROOT);
            case 2 -> "  " + name.replace(" ", "   ") + "\t";
            case 3 -> Normalizer.normalize(name, Normalizer.Form.NFD);
            case 4 -> name.replace("ß", "ss").toUpperCase(Locale.ROOT);
            default -> name;
        };
    }

    private String varyEmail(String email) {
        return switch (random.nextInt(3)) {
            case 0 -> email.toUpperCase(Locale.ROOT);
            case 1 -> " " + email + " ";
            default -> email;
        };
    }
}
