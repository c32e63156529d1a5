package io.xpmsync.contracts.events;

/** How a mapping came to be. */
public enum MatchMethod {
    /** Name and email matched exactly. */
    EXACT,
    /** No match: the Karbon contact was created from the XPM record. */
    CREATED_IN_KARBON,
    /** A person confirmed a partial match. */
    CONFIRMED_BY_USER,
    /** A person chose "create new" on a partial match. */
    CREATED_BY_USER,
    /** push-service created the XPM record from a Karbon contact. */
    CREATED_IN_XPM
}
