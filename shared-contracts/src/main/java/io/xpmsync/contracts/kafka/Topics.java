package io.xpmsync.contracts.kafka;

import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.FieldConflict;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;
import io.xpmsync.contracts.events.SyncSettingsChanged;

import java.util.List;

/**
 * Every topic name in one place. Names are {@code <domain>.<what>.v<major>}; every topic is keyed by firm id.
 * Services name topics in their {@code application.properties}; tests check those names against this class.
 */
public final class Topics {

    public static final String XPM_CONTACTS_CHANGED = "xpm.contacts.changed.v1";
    public static final String KARBON_CONTACTS_CHANGED = "karbon.contacts.changed.v1";
    public static final String MATCHES_PROPOSED = "sync.matches.proposed.v1";
    public static final String MAPPINGS_CONFIRMED = "sync.mappings.confirmed.v1";
    public static final String PUSHES_COMPLETED = "sync.pushes.completed.v1";
    public static final String SETTINGS = "sync.settings.v1";
    public static final String CONFLICTS = "sync.conflicts.v1";

    /** The event topics, with how Kafka keeps them. */
    public static final List<TopicSpec> ALL = List.of(
            TopicSpec.timeRetained(XPM_CONTACTS_CHANGED),
            TopicSpec.timeRetained(KARBON_CONTACTS_CHANGED),
            TopicSpec.timeRetained(MATCHES_PROPOSED),
            TopicSpec.timeRetained(MAPPINGS_CONFIRMED),
            TopicSpec.timeRetained(PUSHES_COMPLETED),
            TopicSpec.compacted(SETTINGS),
            TopicSpec.timeRetained(CONFLICTS));

    private Topics() {
    }

    /** The dead-letter topic of one consumer group on one topic: {@code <topic>.dlq.<consumer-group>}. */
    public static String deadLetter(String topic, String consumerGroup) {
        return topic + ".dlq." + consumerGroup;
    }

    /** The topic an event is published on. */
    public static String topicFor(SyncEvent event) {
        if (event instanceof ContactChanged c) {
            return c.origin() == SourceSystem.XPM ? XPM_CONTACTS_CHANGED : KARBON_CONTACTS_CHANGED;
        }
        if (event instanceof MatchProposed) {
            return MATCHES_PROPOSED;
        }
        if (event instanceof MappingConfirmed) {
            return MAPPINGS_CONFIRMED;
        }
        if (event instanceof ContactPushed) {
            return PUSHES_COMPLETED;
        }
        if (event instanceof SyncSettingsChanged) {
            return SETTINGS;
        }
        if (event instanceof FieldConflict) {
            return CONFLICTS;
        }
        throw new IllegalArgumentException("no topic for " + event.getClass().getName());
    }
}
