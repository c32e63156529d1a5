package io.xpmsync.matching.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The comparison forms of names and emails that the matching rules compare. */
public final class Keys {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Keys() {
    }

    /**
     * A name as the rules compare it: Unicode NFC, trimmed, inner whitespace collapsed to one space, case-folded.
     * Folding goes through upper case so that, for example, "Straße" and "STRASSE" compare equal.
     */
    public static String name(String name) {
        if (name == null) {
            return "";
        }
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC).strip();
        String collapsed = WHITESPACE.matcher(nfc).replaceAll(" ");
        return collapsed.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** An email as the rules compare it: trimmed and case-insensitive; {@code ""} for none. */
    public static String email(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
