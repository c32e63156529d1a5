package io.xpmsync.contracts.kafka;

/** A topic and its cleanup policy: time retention for event streams, compaction for the latest state per key. */
public record TopicSpec(String name, boolean compacted) {

    public static TopicSpec timeRetained(String name) {
        return new TopicSpec(name, false);
    }

    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, true);
    }

    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }
}
