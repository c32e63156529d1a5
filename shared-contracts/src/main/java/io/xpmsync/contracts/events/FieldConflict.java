package io.xpmsync.contracts.events;

import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.merge.ConflictPolicy;
import io.xpmsync.contracts.merge.SyncedField;

import java.time.Instant;
import java.util.UUID;

/**
 * A synced field of a mapped contact changed on both sides to different values: opened (waiting for a person), updated
 * (a side changed again while open), or resolved (by a person or by the firm's policy). Published by mapping-service
 * through its outbox on {@code sync.conflicts.v1}, for dashboards and for push-service, which writes a resolved value
 * to XPM ({@code xpmWrite}).
 *
 * @param status          OPEN (also when an open conflict's values change) or RESOLVED
 * @param contactName     the contact's name in Karbon, for people reading a dashboard
 * @param xpmValue        XPM's value in a person's words (null: none)
 * @param karbonValue     Karbon's value in a person's words (null: none)
 * @param baseValue       the value both last agreed on (null: none, or not known)
 * @param xpmChangedAt    when xpm-sync first saw XPM's value
 * @param karbonChangedAt when the value changed in Karbon, as Karbon says
 * @param resolvedValue   RESOLVED: the value both systems hold now (null: the field is empty)
 * @param decidedBy       RESOLVED: the person who chose, or null when the policy decided
 * @param policy          RESOLVED by the firm's policy: which one; null when a person decided
 * @param xpmWrite        RESOLVED, when XPM does not hold the resolved value yet: XPM's record with it, for
 *                        push-service to write (the field named, nothing else); null otherwise
 * @param karbonRecord    RESOLVED: the Karbon contact holding the resolved value, for the new base
 */
public record FieldConflict(
        UUID eventId,
        String firmId,
        Instant occurredAt,
        int schemaVersion,
        UUID syncRunId,
        UUID conflictId,
        UUID mappingId,
        ContactRef xpmRef,
        ContactRef karbonRef,
        String contactName,
        SyncedField field,
        Status status,
        String xpmValue,
        String karbonValue,
        String baseValue,
        Instant xpmChangedAt,
        Instant karbonChangedAt,
        String resolvedValue,
        String decidedBy,
        ConflictPolicy policy,
        ContactSnapshot xpmWrite,
        ContactSnapshot karbonRecord) implements SyncEvent {

    public enum Status {
        OPEN, RESOLVED
    }
}
