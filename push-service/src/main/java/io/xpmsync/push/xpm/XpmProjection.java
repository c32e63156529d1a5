package io.xpmsync.push.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmRef;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.Countries;
import io.xpmsync.contracts.contact.KarbonLengths;
import io.xpmsync.contracts.contact.Phone;
import io.xpmsync.contracts.contact.Phones;
import io.xpmsync.contracts.merge.SyncedField;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * What goes from Karbon to XPM, by the seed's rule: the name, the email, and only the first address (a Physical one
 * to XPM's Address fields, else a Mailing one to its Postal fields; the country by name) and the first phone number
 * (to XPM's Phone; a person's Mobile to its XPM contact's Mobile). Countries compare by ISO code, so "New Zealand" in XPM and "NZ" in Karbon are the same. The same projection of an XPM record and of a Karbon
 * contact hash alike when nothing needs writing, which is how an echo dies out.
 */
public final class XpmProjection {

    private XpmProjection() {
    }

    /**
     * The pushed fields of a contact (Karbon or XPM), hashed; its numbers read in its address's country, else by their
     * national digits. Not in the firm's country: a hash kept from before the firm's settings arrived must still
     * compare equal with one made after (both sides hashed the same way is what matters).
     */
    public static String hash(ContactSnapshot s) {
        StringBuilder text = new StringBuilder();
        field(text, s.name());
        field(text, s.emails().isEmpty() ? null : s.emails().get(0).toLowerCase(Locale.ROOT));
        // by meaning: "09 555 0101" in Karbon and "(09) 555-0101" in XPM are one number, not a write; a person's
        // number by the slot it goes to in XPM too (a Karbon Mobile is an XPM contact's Mobile)
        boolean person = s.ref().kind() == ContactKind.KARBON_PERSON || s.ref().kind() == ContactKind.XPM_CONTACT;
        field(text, s.phones().isEmpty() ? null : (person && mobile(s.phones().get(0)) ? "mobile " : "")
                + Phones.comparable(s.phones().get(0).number(), Phones.region(s)));
        if (s.ref().kind() != ContactKind.KARBON_PERSON && s.ref().kind() != ContactKind.XPM_CONTACT) {
            // XPM contacts have no address: a person's address is not compared, so it causes no writes
            boolean physical = s.physicalAddress() != null;
            // as Karbon can hold it: XPM's longer address and its shortened copy in Karbon are one value, so the
            // copy's echo is recognised and never written back over XPM's
            Address a = KarbonLengths.fitted(physical ? s.physicalAddress() : s.mailingAddress());
            if (a != null) {
                field(text, physical ? "physical" : "postal");
                field(text, String.join("\n", a.lines()));
                field(text, a.city());
                field(text, a.region());
                field(text, a.postCode());
                field(text, Countries.comparable(a.country()));
            }
        }
        try {
            return "proj:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Karbon Organization as the XPM client fields it writes (null fields are left as XPM has them). Only the first
     * address is synced (the seed): the Physical one if the Organization has one, into XPM's Address fields, else the
     * Mailing one into XPM's Postal fields (never into the physical ones; XPM's Address fields are then cleared, as
     * Karbon has no physical address). The country goes as XPM holds it, by name. A value XPM already holds in
     * another form ({@code xpm}: what it holds, may be null), such as "new zealand" for NZ or "(09) 555-0101" for
     * "09 555 0101", is written as XPM holds it, so XPM keeps its own spelling.
     */
    public static XpmClient client(String uuid, ContactSnapshot karbon, ContactSnapshot xpm, String firmRegion) {
        Address physical = karbon.physicalAddress();
        Address postal = physical == null ? karbon.mailingAddress() : null;
        Address xpmPhysical = xpm == null ? null : xpm.physicalAddress();
        Address xpmPostal = xpm == null ? null : xpm.mailingAddress();
        String region = Phones.region(karbon, firmRegion);
        return new XpmClient(uuid, karbon.name(), null, null, email(karbon, xpm),
                physical == null ? "" : String.join("\n", physical.lines()), physical == null ? "" : nn(physical.city()),
                physical == null ? "" : nn(physical.region()), physical == null ? "" : nn(physical.postCode()),
                physical == null ? "" : country(physical, xpmPhysical),
                postal == null ? null : String.join("\n", postal.lines()), postal == null ? null : nn(postal.city()),
                postal == null ? null : nn(postal.region()), postal == null ? null : nn(postal.postCode()),
                postal == null ? null : country(postal, xpmPostal), phone(karbon, xpm, region), null, null, null,
                null, null, null, null, null, null);
    }

    /**
     * A Karbon Person as an XPM contact of client {@code clientUuid}; {@code xpm} as for {@link #client}. Its first
     * phone goes to XPM's Mobile when Karbon labels it Mobile, else to XPM's Phone; the other slot is left as XPM
     * holds it. A person with no phone clears both, as the first phone is what is synced.
     */
    public static XpmContact contact(String uuid, String clientUuid, ContactSnapshot karbon, ContactSnapshot xpm,
                                     String firmRegion) {
        String region = Phones.region(karbon, firmRegion);
        boolean toMobile = !karbon.phones().isEmpty() && mobile(karbon.phones().get(0));
        String phone = karbon.phones().isEmpty() ? "" : toMobile ? null : held(karbon, xpm, region, false);
        String mobile = karbon.phones().isEmpty() ? "" : toMobile ? held(karbon, xpm, region, true) : null;
        return new XpmContact(uuid, clientUuid == null ? null : new XpmRef(clientUuid, null), karbon.name(), null, null,
                mobile, email(karbon, xpm), phone, null, null, null);
    }

    /** Karbon's first number, as XPM already spells it in that slot if it is the same number there. */
    private static String held(ContactSnapshot karbon, ContactSnapshot xpm, String region, boolean mobileSlot) {
        String number = karbon.phones().get(0).number();
        String held = xpm == null ? null : xpm.phones().stream().filter(p -> mobile(p) == mobileSlot)
                .map(Phone::number).findFirst().orElse(null);
        return held != null && Phones.same(held, number, region) ? held : number;
    }

    private static boolean mobile(Phone phone) {
        return "Mobile".equalsIgnoreCase(phone.label() == null ? "" : phone.label().strip());
    }

    private static String email(ContactSnapshot karbon, ContactSnapshot xpm) {
        String email = first(karbon);
        String held = xpm == null || xpm.emails().isEmpty() ? null : xpm.emails().get(0);
        return held != null && held.strip().equalsIgnoreCase(email.strip()) ? held : email;
    }

    private static String phone(ContactSnapshot karbon, ContactSnapshot xpm, String region) {
        if (karbon.phones().isEmpty()) {
            return "";
        }
        String number = karbon.phones().get(0).number();
        String held = xpm == null || xpm.phones().isEmpty() ? null : xpm.phones().get(0).number();
        return held != null && Phones.same(held, number, region) ? held : number;
    }

    /** The country by name, as XPM holds countries; XPM's own spelling when it names the same country. */
    private static String country(Address karbon, Address xpm) {
        if (karbon.country() == null) {
            return "";
        }
        if (xpm != null && xpm.country() != null && Countries.same(xpm.country(), karbon.country())) {
            return xpm.country();
        }
        return Countries.name(karbon.country());
    }

    /**
     * The client update with only {@code fields} in it: every other field is left out of the request and stays as XPM
     * holds it (a field changed in XPM meanwhile, or in conflict, is never overwritten).
     */
    public static XpmClient only(XpmClient c, Set<SyncedField> fields) {
        boolean physical = fields.contains(SyncedField.PHYSICAL_ADDRESS);
        boolean postal = fields.contains(SyncedField.POSTAL_ADDRESS);
        return new XpmClient(c.uuid(), fields.contains(SyncedField.NAME) ? c.name() : null, c.firstName(),
                c.lastName(), fields.contains(SyncedField.EMAIL) ? c.email() : null,
                physical ? c.address() : null, physical ? c.city() : null, physical ? c.region() : null,
                physical ? c.postCode() : null, physical ? c.country() : null,
                postal ? c.postalAddress() : null, postal ? c.postalCity() : null, postal ? c.postalRegion() : null,
                postal ? c.postalPostCode() : null, postal ? c.postalCountry() : null,
                fields.contains(SyncedField.PHONE) ? c.phone() : null, c.fax(), c.website(), c.webSiteInRequests(),
                c.businessStructure(), c.isArchived(), c.isDeleted(), c.contactList(), null, null);
    }

    /** The contact update with only {@code fields} in it (its Phone and Mobile both belong to the phone field). */
    public static XpmContact only(XpmContact c, Set<SyncedField> fields) {
        boolean phone = fields.contains(SyncedField.PHONE);
        return new XpmContact(c.uuid(), c.client(), fields.contains(SyncedField.NAME) ? c.name() : null,
                c.salutation(), c.addressee(), phone ? c.mobile() : null,
                fields.contains(SyncedField.EMAIL) ? c.email() : null, phone ? c.phone() : null, c.isDeleted(),
                c.isPrimary(), c.position());
    }

    private static String first(ContactSnapshot s) {
        return s.emails().isEmpty() ? "" : s.emails().get(0);
    }

    private static void field(StringBuilder text, String value) {
        text.append(value == null ? "" : value.strip()).append('\u001f');
    }

    private static String nn(String value) {
        return value == null ? "" : value;
    }
}
