package io.xpmsync.contracts.events;

/** The life of a mapping. Archived or deleted XPM records mark their mapping; nothing is deleted in Karbon. */
public enum MappingState {
    ACTIVE,
    REMOVED,
    XPM_ARCHIVED,
    XPM_DELETED
}
