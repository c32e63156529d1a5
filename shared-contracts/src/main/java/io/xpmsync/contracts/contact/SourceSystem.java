package io.xpmsync.contracts.contact;

/** The two systems whose contacts xpm-sync keeps in step. */
public enum SourceSystem {
    XPM,
    KARBON
}
