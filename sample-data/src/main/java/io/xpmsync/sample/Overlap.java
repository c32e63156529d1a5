package io.xpmsync.sample;

/** How a generated XPM record overlaps the generated Karbon firm, by construction. */
public enum Overlap {
    /** A Karbon contact of the right kind has the same name and email (spelled differently: case, spaces). */
    EXACT,
    /** A Karbon contact has the same name, another email. */
    NAME_ONLY,
    /** A Karbon contact has the same email, another name. */
    EMAIL_ONLY,
    /** Nothing in Karbon resembles it. */
    NEW
}
