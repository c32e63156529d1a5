package io.xpmsync.connector.connection;

import io.xpmsync.security.ApiProblem;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The seed's rule: the integration is only available for firms in Australia, New Zealand, South Africa, the UK,
 * Canada and the US. Countries are ISO 3166-1 alpha-2 codes; {@code UK} is taken for {@code GB}.
 */
public final class Regions {

    private static final Map<String, String> SUPPORTED = Map.of("AU", "Australia", "NZ", "New Zealand",
            "ZA", "South Africa", "GB", "the United Kingdom", "CA", "Canada", "US", "the United States");

    private Regions() {
    }

    /** The firm's country as a supported code, or a clear refusal: 400 for no country code, 403 for another region. */
    public static String require(String country) {
        if (country == null || !country.strip().matches("[A-Za-z]{2}")) {
            throw new ApiProblem(400, "country must be the firm's two-letter ISO 3166 country code, e.g. NZ", "country");
        }
        String code = country.strip().toUpperCase(Locale.ROOT);
        code = code.equals("UK") ? "GB" : code;
        if (!SUPPORTED.containsKey(code)) {
            throw new ApiProblem(403, "The Xero Practice Manager integration is only available for firms in Australia,"
                    + " New Zealand, South Africa, the United Kingdom, Canada and the United States; this firm is in "
                    + code + ".", "country");
        }
        return code;
    }

    public static Set<String> supported() {
        return SUPPORTED.keySet();
    }
}
