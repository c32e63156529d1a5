package io.xpmsync.contracts.contact;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Countries as each system holds them: XPM keeps a country's name ("New Zealand", "United Kingdom"), Karbon an ISO
 * 3166-1 alpha-2 code ("NZ", "GB"). Names come from the JDK's locale data (English), with the aliases people type
 * ("UK", "USA", "England", ...) and ISO alpha-3 codes; case, accents, dots and spacing do not matter.
 */
public final class Countries {

    private static final Map<String, String> CODES = codes();

    private Countries() {
    }

    /** The ISO alpha-2 code of a country name, alias or code; empty when the text names no country. */
    public static Optional<String> code(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(CODES.get(key(text)));
    }

    /** The country's English name for an ISO alpha-2 code (or anything {@link #code} understands), else the text. */
    public static String name(String text) {
        return code(text).map(code -> new Locale("", code).getDisplayCountry(Locale.ENGLISH)).orElse(text);
    }

    /** Whether two texts name the same country (by code when both name one, else as text). */
    public static boolean same(String a, String b) {
        Optional<String> codeA = code(a);
        Optional<String> codeB = code(b);
        if (codeA.isPresent() && codeB.isPresent()) {
            return codeA.equals(codeB);
        }
        return key(a == null ? "" : a).equals(key(b == null ? "" : b));
    }

    /** A comparable form: the code when the text names a country, else the text normalised. */
    public static String comparable(String text) {
        return code(text).orElse(text == null ? "" : key(text));
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale("", code);
            codes.put(key(code), code);
            codes.put(key(country.getDisplayCountry(Locale.ENGLISH)), code);
            try {
                codes.put(key(country.getISO3Country()), code);
            } catch (java.util.MissingResourceException e) {
                // no alpha-3 code in the JDK's data for this one
            }
        }
        Map<String, String> aliases = Map.ofEntries(
                Map.entry("UK", "GB"), Map.entry("Great Britain", "GB"), Map.entry("Britain", "GB"),
                Map.entry("England", "GB"), Map.entry("Scotland", "GB"), Map.entry("Wales", "GB"),
                Map.entry("Northern Ireland", "GB"), Map.entry("United Kingdom of Great Britain and Northern Ireland",
                        "GB"),
                Map.entry("USA", "US"), Map.entry("United States of America", "US"), Map.entry("America", "US"),
                Map.entry("Aotearoa", "NZ"), Map.entry("Aotearoa New Zealand", "NZ"),
                Map.entry("RSA", "ZA"), Map.entry("Republic of South Africa", "ZA"),
                Map.entry("Holland", "NL"), Map.entry("Republic of Ireland", "IE"), Map.entry("Eire", "IE"),
                Map.entry("UAE", "AE"), Map.entry("Hong Kong SAR", "HK"), Map.entry("Korea", "KR"),
                Map.entry("Republic of Korea", "KR"), Map.entry("Vietnam", "VN"), Map.entry("Czech Republic", "CZ"));
        aliases.forEach((alias, code) -> codes.put(key(alias), code));
        return Map.copyOf(codes);
    }

    private static String key(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[.'’]", "").replaceAll("&", " and ")
                .replaceAll("[^a-z0-9]+", " ").strip();
    }
}
