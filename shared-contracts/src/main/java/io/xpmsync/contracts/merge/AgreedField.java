package io.xpmsync.contracts.merge;

import java.time.Instant;
import java.util.Objects;

/**
 * The base of one synced field of one mapping: what XPM and Karbon held, each in its own comparable form (see
 * {@link FieldValues#of}), when the two last agreed on it, and that value in a person's words. A side whose value
 * differs from its own side's base changed since; comparing each side only with itself needs no translation between
 * the systems' spellings.
 */
public record AgreedField(SyncedField field, String xpmValue, String karbonValue, String display, Instant agreedAt) {

    public AgreedField {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(agreedAt, "agreedAt");
        xpmValue = xpmValue == null ? "" : xpmValue;
        karbonValue = karbonValue == null ? "" : karbonValue;
    }

    /** The later of two bases of one field: bases travel between services and the newest agreement wins. */
    public static AgreedField newer(AgreedField a, AgreedField b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.agreedAt.isAfter(a.agreedAt) ? b : a;
    }
}
