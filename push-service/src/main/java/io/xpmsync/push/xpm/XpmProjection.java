package io.xpmsync.push.xpm;

import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.client.xpm.model.XpmRef;
import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What goes from Karbon to XPM, by the seed's rule: the name, the email, and only the first address (to XPM's
 * Address fields) and the first phone number (to XPM's Phone). The same projection of an XPM record and of a Karbon
 * contact hash alike when nothing needs writing, which is how an echo dies out.
 */
public final class XpmProjection {

    private XpmProjection() {
    }

    /** The pushed fields of a contact (Karbon or XPM), hashed. */
    public static String hash(ContactSnapshot s) {
        StringBuilder text = new StringBuilder();
        field(text, s.name());
        field(text, s.emails().isEmpty() ? null : s.emails().get(0).toLowerCase(Locale.ROOT));
        field(text, s.phones().isEmpty() ? null : s.phones().get(0).number());
        Address a = firstAddress(s);
        if (a != null) {
            field(text, String.join("\n", a.lines()));
            field(text, a.city());
            field(text, a.region());
            field(text, a.postCode());
            field(text, a.country());
        }
        try {
            return "proj:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Karbon Organization as the XPM client fields it writes (absent fields are left as XPM has them). */
    public static XpmClient client(String uuid, ContactSnapshot karbon) {
        Address a = firstAddress(karbon);
        return new XpmClient(uuid, karbon.name(), null, null, first(karbon), a == null ? "" : String.join("\n", a.lines()),
                a == null ? "" : nn(a.city()), a == null ? "" : nn(a.region()), a == null ? "" : nn(a.postCode()),
                a == null ? "" : nn(a.country()), null, null, null, null, null,
                karbon.phones().isEmpty() ? "" : karbon.phones().get(0).number(), null, null, null, null, null, null,
                null);
    }

    /** A Karbon Person as an XPM contact of client {@code clientUuid}. */
    public static XpmContact contact(String uuid, String clientUuid, ContactSnapshot karbon) {
        return new XpmContact(uuid, clientUuid == null ? null : new XpmRef(clientUuid, null), karbon.name(), null, null,
                null, first(karbon), karbon.phones().isEmpty() ? "" : karbon.phones().get(0).number(), null, null, null);
    }

    private static Address firstAddress(ContactSnapshot s) {
        return s.physicalAddress() != null ? s.physicalAddress() : s.mailingAddress();
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
