package io.xpmsync.client.xpm.model;

import java.util.Locale;

/** XPM writes booleans as {@code Yes} and {@code No}. */
public final class YesNo {

    private YesNo() {
    }

    /** {@code true} only for {@code Yes} (any case, trimmed); absent or anything else is {@code false}. */
    public static boolean read(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("yes");
    }

    public static String write(boolean value) {
        return value ? "Yes" : "No";
    }
}
