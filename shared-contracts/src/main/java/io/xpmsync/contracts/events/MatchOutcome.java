package io.xpmsync.contracts.events;

/** How matching-service classified an XPM record against the firm's Karbon contacts. */
public enum MatchOutcome {
    /** Already mapped: the Karbon side receives the changes. */
    LINKED,
    /** Name and email both match exactly one Karbon contact: mapped automatically. */
    EXACT,
    /** Neither name nor email matches any Karbon contact: a new Karbon contact is created. */
    NEW,
    /** Anything in between: shown to a person with every candidate. */
    PARTIAL
}
