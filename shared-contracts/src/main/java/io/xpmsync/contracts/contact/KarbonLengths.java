package io.xpmsync.contracts.contact;

import java.util.ArrayList;
import java.util.List;

/**
 * Karbon's limits on the address values of a business card (BusinessCardRequest's maxLength in Karbon's OpenAPI:
 * AddressLines 200, City 100, StateProvinceCounty 100, ZipCode 20 characters), XPM's values fitted to them, and in
 * words which values were shortened, for the contact's history: a value is never cut without a word. One rule for
 * every service: mapping-service writes an XPM address to Karbon {@link #fitted}, and every comparison of an XPM
 * address with a Karbon one ({@code FieldValues}, push-service's projection) fits it first, so the shortened value
 * Karbon then holds is the XPM value, not a Karbon edit to be written back over XPM's longer one. (Phone numbers are
 * fitted by {@link Phones#fitting}; names and emails have no limit in the reference.)
 */
public final class KarbonLengths {

    public static final int ADDRESS_LINES = 200;
    public static final int CITY = 100;
    public static final int REGION = 100;
    public static final int ZIP_CODE = 20;

    private KarbonLengths() {
    }

    /** {@code value} cut to {@code maxLength} characters (and its trailing spaces), or as it is when it fits. */
    public static String fit(String value, int maxLength) {
        return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength).stripTrailing();
    }

    /**
     * The address as Karbon can hold it: its lines (joined by line breaks, as Karbon's AddressLines holds them), city,
     * region and post code each fitted; the address itself when everything fits. Null for null.
     */
    public static Address fitted(Address a) {
        if (a == null || fits(a)) {
            return a;
        }
        String lines = fit(String.join("\n", a.lines()), ADDRESS_LINES);
        return new Address(lines.isEmpty() ? List.of() : List.of(lines.split("\n")), fit(a.city(), CITY),
                fit(a.region(), REGION), fit(a.postCode(), ZIP_CODE), a.country());
    }

    private static boolean fits(Address a) {
        return String.join("\n", a.lines()).length() <= ADDRESS_LINES && fits(a.city(), CITY)
                && fits(a.region(), REGION) && fits(a.postCode(), ZIP_CODE);
    }

    private static boolean fits(String value, int maxLength) {
        return value == null || value.length() <= maxLength;
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
        if (!fits(value, maxLength)) {
            words.add(what + " shortened to Karbon's " + maxLength + " characters");
        }
    }
}
