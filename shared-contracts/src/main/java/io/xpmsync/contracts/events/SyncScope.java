package io.xpmsync.contracts.events;

/** Contact Sync Settings → Sync: what is brought from XPM to Karbon. */
public enum SyncScope {
    CLIENTS_ONLY,
    CLIENTS_AND_CONTACTS
}
