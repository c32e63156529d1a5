package io.xpmsync.contracts.events;

/** What push-service did with one Karbon change. */
public enum PushOutcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    SKIPPED,
    FAILED
}
