package io.xpmsync.contracts.contact;

/** What a referenced record is in its own system. */
public enum ContactKind {
    XPM_CLIENT(SourceSystem.XPM),
    XPM_CONTACT(SourceSystem.XPM),
    KARBON_ORGANIZATION(SourceSystem.KARBON),
    KARBON_PERSON(SourceSystem.KARBON);

    private final SourceSystem system;

    ContactKind(SourceSystem system) {
        this.system = system;
    }

    public SourceSystem system() {
        return system;
    }
}
