package io.xpmsync.console;

import io.xpmsync.contracts.events.ContactPushed;
import io.xpmsync.contracts.events.MappingConfirmed;
import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.contracts.events.SyncEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of live activity for dashboards: a match proposed, a mapping confirmed or ended, a push to XPM.
 *
 * @param kind     {@code match}, {@code mapping} or {@code push}
 * @param outcome  the event's outcome or state (EXACT, PARTIAL, ACTIVE, REMOVED, CREATED, FAILED, ...)
 * @param summary  the event in words
 * @param preview  a Preview Sync's verdict: what a Sync Now would decide, nothing was done
 */
public record Activity(UUID eventId, String firmId, Instant occurredAt, String kind, String outcome, UUID syncRunId,
                       String summary, boolean preview) {

    Activity(UUID eventId, String firmId, Instant occurredAt, String kind, String outcome, UUID syncRunId,
             String summary) {
        this(eventId, firmId, occurredAt, kind, outcome, syncRunId, summary, false);
    }

    static Activity of(SyncEvent event) {
        if (event instanceof MatchProposed m) {
            String name = m.xpmRecord() == null ? "an XPM record" : m.xpmRecord().name();
            String candidates = m.candidates().isEmpty() ? "" : " (" + m.candidates().size() + " candidate"
                    + (m.candidates().size() == 1 ? "" : "s") + ", best: " + m.candidates().get(0).name() + ")";
            return new Activity(m.eventId(), m.firmId(), m.occurredAt(), "match", String.valueOf(m.outcome()),
                    m.syncRunId(), (m.inPreview() ? "Preview, nothing done: " : "") + name + ": " + m.outcome()
                    + candidates, m.inPreview());
        }
        if (event instanceof MappingConfirmed m) {
            return new Activity(m.eventId(), m.firmId(), m.occurredAt(), "mapping", String.valueOf(m.state()),
                    m.syncRunId(), "XPM " + m.xpmRef().id() + " and Karbon " + m.karbonRef().id() + ": " + m.state()
                    + (m.method() == null ? "" : " (" + m.method() + ")"));
        }
        if (event instanceof ContactPushed p) {
            return new Activity(p.eventId(), p.firmId(), p.occurredAt(), "push", String.valueOf(p.outcome()),
                    p.syncRunId(), "Karbon " + p.karbonRef().id() + " to XPM: " + p.outcome()
                    + (p.xpmRef() == null ? "" : " (" + p.xpmRef().id() + ")")
                    + (p.reason() == null || p.reason().isBlank() ? "" : " - " + p.reason()));
        }
        throw new IllegalArgumentException("no activity for " + event.getClass().getSimpleName());
    }
}
