package io.xpmsync.contracts.events;

import java.util.Arrays;

/**
 * The registry of event types: the record class, the CloudEvents {@code ce_type}, the JSON Schema resource, and the
 * schema version this build reads and writes. A new major version is a new topic ({@code .v2}), never a silent change.
 */
public enum EventType {
    CONTACT_CHANGED(ContactChanged.class, "io.xpmsync.contact.changed", "contact-changed"),
    MATCH_PROPOSED(MatchProposed.class, "io.xpmsync.match.proposed", "match-proposed"),
    MAPPING_CONFIRMED(MappingConfirmed.class, "io.xpmsync.mapping.confirmed", "mapping-confirmed"),
    CONTACT_PUSHED(ContactPushed.class, "io.xpmsync.contact.pushed", "contact-pushed"),
    SYNC_SETTINGS_CHANGED(SyncSettingsChanged.class, "io.xpmsync.settings.changed", "sync-settings-changed"),
    FIELD_CONFLICT(FieldConflict.class, "io.xpmsync.conflict", "field-conflict");

    /** The schema version every event of this build is written with and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;

    private final Class<? extends SyncEvent> recordClass;
    private final String cloudEventType;
    private final String schemaName;

    EventType(Class<? extends SyncEvent> recordClass, String cloudEventType, String schemaName) {
        this.recordClass = recordClass;
        this.cloudEventType = cloudEventType;
        this.schemaName = schemaName;
    }

    public Class<? extends SyncEvent> recordClass() {
        return recordClass;
    }

    /** The CloudEvents type, versioned like the schema: {@code io.xpmsync.contact.changed.v1}. */
    public String cloudEventType() {
        return cloudEventType + ".v" + SCHEMA_VERSION;
    }

    /** The classpath resource of this event's JSON Schema. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".v" + SCHEMA_VERSION + ".schema.json";
    }

    /** The {@code $id} of this event's JSON Schema. */
    public String schemaId() {
        return "https://schemas.xpm-sync.io/" + schemaName + ".v" + SCHEMA_VERSION + ".schema.json";
    }

    public String simpleName() {
        return recordClass.getSimpleName();
    }

    public static EventType of(Class<? extends SyncEvent> recordClass) {
        return Arrays.stream(values())
                .filter(t -> t.recordClass.equals(recordClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event type: " + recordClass.getName()));
    }

    public static EventType of(SyncEvent event) {
        return of(event.getClass());
    }
}
