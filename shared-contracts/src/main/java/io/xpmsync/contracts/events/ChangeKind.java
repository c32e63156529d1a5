package io.xpmsync.contracts.events;

/** What happened to a contact in its own system. */
public enum ChangeKind {
    CREATED,
    UPDATED,
    ARCHIVED,
    DELETED
}
