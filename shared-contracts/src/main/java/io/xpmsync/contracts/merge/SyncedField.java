package io.xpmsync.contracts.merge;

/**
 * The fields a mapping keeps in sync, one by one (R8, R21): each is merged on its own, so a change of one never holds
 * back or overwrites another. People (Karbon persons, XPM contacts) have no address fields: XPM contacts hold none.
 */
public enum SyncedField {
    NAME("Name"),
    EMAIL("Email"),
    PHONE("Phone"),
    /** The other numbers after the first (XPM's Fax, a contact's Mobile beside its Phone): XPM to Karbon only (R17). */
    OTHER_PHONES("Other phone numbers"),
    PHYSICAL_ADDRESS("Physical address"),
    POSTAL_ADDRESS("Postal address");

    private final String label;

    SyncedField(String label) {
        this.label = label;
    }

    /** The field in a person's words, as the contact's history and the console name it. */
    public String label() {
        return label;
    }
}
