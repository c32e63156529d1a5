package io.xpmsync.xpmsandbox.service;

import java.util.Map;

/**
 * The two client fields XPM reads in another form than it writes, as the sandbox holds and answers them.
 * {@code client.api/get} and {@code list} answer {@code TaxNumber} masked, only its last three digits showing, and
 * {@code GSTPeriod} in words; {@code client.api/update} and {@code add} take the full tax number and the GST period as a
 * number of months (an integer in Xero's spec). A request carrying the read form is refused: a GST period in words
 * cannot be read as the integer the spec types it as (400, as any unreadable body); a masked tax number is a string
 * the spec does not constrain, so XPM would most likely store the mask over the real number, which the sandbox refuses
 * instead (a validation error, HTTP 200 with Status ERROR) so that such a write is seen, not silently corrupting.
 */
public final class TaxForms {

    /** NZ's GST filing frequencies, as XPM's client screen words them. */
    private static final Map<Integer, String> GST_PERIODS = Map.of(1, "Monthly", 2, "Two Monthly", 6, "Six Monthly");

    private TaxForms() {
    }

    /** The tax number as the API answers it: every character but the last three digits hidden. */
    public static String masked(String taxNumber) {
        if (taxNumber == null || taxNumber.isBlank()) {
            return "";
        }
        String digits = taxNumber.replaceAll("\\D", "");
        String shown = digits.length() > 3 ? digits.substring(digits.length() - 3) : "";
        return "*".repeat(Math.max(3, digits.length() - shown.length())) + shown;
    }

    /** A requested tax number as held; refused when it is the masked form an answer carries. */
    public static String taxNumber(String requested) {
        if (requested != null && requested.contains("*")) {
            throw XpmApiException.invalid("TaxNumber '" + requested + "' is masked as XPM answers it; an update takes"
                    + " the full tax number, or leaves the element out to keep it");
        }
        return requested == null || requested.isBlank() ? null : requested.strip();
    }

    /** The GST period in words, as the API answers it. */
    public static String words(Integer months) {
        return months == null ? "" : GST_PERIODS.getOrDefault(months, months + " Monthly");
    }

    /** A requested GST period as held (a number of months); refused unless it is one, as the update's spec types it. */
    public static Integer months(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        try {
            int months = Integer.parseInt(requested.strip());
            if (GST_PERIODS.containsKey(months)) {
                return months;
            }
        } catch (NumberFormatException e) {
            // reported below, with the values an update takes
        }
        throw new XpmApiException(400, "GSTPeriod '" + requested + "' is not a GST period an update takes: 1"
                + " (Monthly), 2 (Two Monthly) or 6 (Six Monthly), as a number of months");
    }
}
