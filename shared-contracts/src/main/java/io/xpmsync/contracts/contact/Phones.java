package io.xpmsync.contracts.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Optional;

/**
 * Phone numbers compared by meaning, not by how they are written: "+64 9 555 0101", "09 555 0101" and
 * "(09) 555-0101" are one number. Parsed with libphonenumber in the region of the contact's address when it has one,
 * else in the firm's (its XPM practice's country); a number without a country code and no region compares by its national significant digits (the trunk prefix
 * dropped), so a number written with and without its country code is still the same number.
 */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /** A comparable form of {@code number}: its national significant number and extension, digits only. */
    public static String comparable(String number, String region) {
        if (number == null || number.isBlank()) {
            return "";
        }
        return parse(number, region)
                .map(p -> UTIL.getNationalSignificantNumber(p) + (p.hasExtension() ? "x" + p.getExtension() : ""))
                .orElseGet(() -> number.replaceAll("[^0-9]", "").replaceFirst("^0+", ""));
    }

    /** Whether two texts are the same phone number. */
    public static boolean same(String a, String b, String region) {
        return comparable(a, region).equals(comparable(b, region));
    }

    /**
     * The number in at most {@code maxLength} characters, as written if it fits, else in its shortest international
     * form (E.164, with {@code x} and the extension): empty when even that does not fit.
     */
    public static Optional<String> fitting(String number, String region, int maxLength) {
        if (number == null || number.strip().length() <= maxLength) {
            return Optional.ofNullable(number == null ? null : number.strip());
        }
        return parse(number, region)
                .map(p -> UTIL.format(p, PhoneNumberUtil.PhoneNumberFormat.E164)
                        + (p.hasExtension() ? "x" + p.getExtension() : ""))
                .filter(compact -> compact.length() <= maxLength);
    }

    /** The region (ISO code) of an address's country, or null. */
    public static String region(Address address) {
        return address == null ? null : Countries.code(address.country()).orElse(null);
    }

    /** The region of a contact: its physical address's country, else its mailing address's, else null. */
    public static String region(ContactSnapshot contact) {
        return region(contact, null);
    }

    /**
     * The region of a contact: its physical address's country, else its mailing address's, else the firm's
     * ({@code firmRegion}: its XPM practice's country; may be null).
     */
    public static String region(ContactSnapshot contact, String firmRegion) {
        String physical = region(contact.physicalAddress());
        String own = physical != null ? physical : region(contact.mailingAddress());
        return own != null ? own : firmRegion == null || firmRegion.isBlank() ? null : firmRegion.strip();
    }

    private static Optional<PhoneNumber> parse(String number, String region) {
        String text = number.strip();
        String in = text.startsWith("+") ? "ZZ" : region;
        if (in == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UTIL.parse(text, in));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
