package io.xpmsync.mapping.karbon;

import io.xpmsync.contracts.contact.Address;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Karbon's limits on the address values of a business card (BusinessCardRequest's maxLength in Karbon's OpenAPI:
 * AddressLines 200, City 100, StateProvinceCounty 100, ZipCode 20 characters), XPM's values fitted to them, and in
 * words which values were shortened, for the contact's history: a value is never cut without a word. (Phone numbers
 * are fitted by {@link KarbonCards#phones}; names and emails have no limit in the reference.)
 */
public final class KarbonLengths {

    static final int ADDRESS_LINES = 200;
    static final int CITY = 100;
    static final int REGION = 100;
    static final int ZIP_CODE = 20;

    private KarbonLengths() {
    }

    /** {@code value} cut to {@code maxLength} characters (and its trailing spaces), or as it is when it fits. */
    static String fit(String value, int maxLength) {
        return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength).stripTrailing();
    }

    /**
     * What of the XPM record's addresses Karbon takes only shortened, in words ("Address shortened to Karbon's 200
     * characters"), joined; null when everything fits. {@code physical} and {@code postal}: whether that address is
     * being written.
     */
    public static String shortened(ContactSnapshot xpm, boolean physical, boolean postal) {
        List<String> words = new ArrayList<>();
        if (physical) {
            shortened(xpm.physicalAddress(), "", words);
        }
        if (postal) {
            shortened(xpm.mailingAddress(), "Postal ", words);
        }
        return words.isEmpty() ? null : String.join("; ", words);
    }

    private static void shortened(Address a, String prefix, List<String> words) {
        if (a == null) {
            return;
        }
        note(String.join("\n", a.lines()), ADDRESS_LINES, prefix.isEmpty() ? "Address" : prefix + "address", words);
        note(a.city(), CITY, prefix + (prefix.isEmpty() ? "City" : "city"), words);
        note(a.region(), REGION, prefix + (prefix.isEmpty() ? "Region" : "region"), words);
        note(a.postCode(), ZIP_CODE, prefix + (prefix.isEmpty() ? "Post code" : "post code"), words);
    }

    private static void note(String value, int maxLength, String what, List<String> words) {
        if (value != null && value.length() > maxLength) {
            words.add(what + " shortened to Karbon's " + maxLength + " characters");
        }
    }
}
