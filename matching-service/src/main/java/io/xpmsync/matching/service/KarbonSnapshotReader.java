package io.xpmsync.matching.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.xpmsync.client.karbon.KarbonClient;
import io.xpmsync.client.karbon.KarbonClientException;
import io.xpmsync.client.karbon.KarbonSnapshots;
import io.xpmsync.client.karbon.model.ContactSummaryDto;
import io.xpmsync.client.karbon.model.ODataPage;
import io.xpmsync.client.karbon.model.OrganizationSummaryDto;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.matching.persistence.SnapshotProgress;
import io.xpmsync.matching.persistence.SnapshotProgress.Position;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Takes the initial snapshot of a firm's Karbon records, as change-data capture does before it follows the log: each
 * Organization, then each Contact, is read whole ({@code $expand=BusinessCards}: every email of every card, names,
 * phones, addresses, links, Contact Type), indexed, and published on {@code karbon.contacts.changed.v1} marked
 * {@code snapshot} through the outbox, in one transaction per record, so that every service builds its view of the
 * firm's existing records from the same stream as later changes.
 *
 * <p>The lists are paged in Karbon's key order (an edit never moves a record) by Karbon's own next links. A record
 * created or deleted while the pages are read still shifts the pages after it, so each list is read again (listing
 * only, one call a hundred records) until a pass finds no record it had not read and Karbon's count stayed the same
 * and equals the records listed: only then is the list known complete. Progress is kept in the database after every
 * record and page, so a snapshot broken off resumes where it was. Every call spends the firm's Karbon allowance.
 */
@ApplicationScoped
public class KarbonSnapshotReader {

    private static final Logger LOG = Logger.getLogger(KarbonSnapshotReader.class);

    /** Passes over a list before the snapshot goes on without counts that add up (a firm editing throughout). */
    static final int MOST_PASSES = 4;

    private final SnapshotProgress progress;
    private final KarbonIndexHandler index;
    private final Outbox outbox;

    KarbonSnapshotReader(SnapshotProgress progress, KarbonIndexHandler index, Outbox outbox) {
        this.progress = progress;
        this.index = index;
        this.outbox = outbox;
    }

    /** One listed record: its key and kind. */
    private record Listed(String key, ContactKind kind) {
    }

    /**
     * Reads the firm's snapshot to its end (or from where a broken-off one stands). Returns when it began, or empty
     * when a new snapshot was asked for meanwhile (it starts on the next round). Karbon's refusals and waits are
     * thrown as {@link KarbonClientException}; what was read before stays read.
     */
    public Optional<Instant> readAll(String firmId, KarbonClient karbon) {
        Position at = QuarkusTransaction.requiringNew().call(() -> progress.currentOrStart(firmId));
        while (!at.finished()) {
            Optional<Position> next = readPage(firmId, karbon, at);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at.startedAt());
    }

    /** Whether the firm's last snapshot was forgotten for a new one that has not begun yet. */
    boolean restarted(String firmId) {
        return progress.status(firmId).isEmpty();
    }

    /**
     * Reads one page and every record on it not read before; returns where the snapshot stands after it, or empty when
     * a new snapshot was asked for meanwhile.
     */
    public Optional<Position> readPage(String firmId, KarbonClient karbon, Position at) {
        boolean organizations = ContactKind.KARBON_ORGANIZATION.name().equals(at.kind());
        ContactKind kind = organizations ? ContactKind.KARBON_ORGANIZATION : ContactKind.KARBON_PERSON;
        ODataPage<?> page = organizations ? karbon.organizationsPage(at.pageLink())
                : karbon.contactsPage(at.pageLink());
        List<Listed> listed = page.value().stream().map(item -> new Listed(item instanceof OrganizationSummaryDto o
                ? o.organizationKey() : ((ContactSummaryDto) item).contactKey(), kind)).toList();
        Set<String> seen = QuarkusTransaction.requiringNew().call(() -> progress.alreadyRead(firmId,
                listed.stream().map(Listed::key).toList()));
        long fresh = 0;
        for (Listed record : listed) {
            if (seen.contains(record.key())) {
                continue;
            }
            Optional<ContactSnapshot> whole = readWhole(karbon, record);
            if (whole.isEmpty()) {
                continue; // deleted since it was listed: its deletion travels as a change
            }
            Instant readAt = Instant.now();
            boolean current = QuarkusTransaction.requiringNew().call(() -> {
                if (progress.lock(firmId, at.snapshotId()).isEmpty()) {
                    return false;
                }
                index.apply(firmId, whole.get(), readAt);
                // not noted as published: a record created or changed while the snapshot reads it is notified too
                // (webhooks mode), and that notice must publish it as a change, which is pushed, not as a snapshot
                outbox.append(ContactChanged.snapshotOf(firmId, readAt, whole.get()));
                progress.read(firmId, record.key(), record.kind());
                return true;
            });
            if (!current) {
                return Optional.empty();
            }
            fresh++;
        }
        Step step = after(firmId, at, page, listed.size(), fresh);
        boolean current = QuarkusTransaction.requiringNew().call(() -> {
            if (progress.lock(firmId, at.snapshotId()).isEmpty()) {
                return false;
            }
            progress.moveTo(firmId, step.next(), at.kind(), page.odataCount(), step.warning());
            return true;
        });
        return current ? Optional.of(step.next()) : Optional.empty();
    }

    /** Where the snapshot goes after a page, and why its counts could not be made to add up, if they could not. */
    private record Step(Position next, String warning) {
    }

    /** Where the snapshot stands after a page: the next page, a new pass over the list, or the next list. */
    private static Step after(String firmId, Position at, ODataPage<?> page, int listed, long fresh) {
        boolean firstPage = at.pageLink() == null;
        Long count = firstPage ? Long.valueOf(page.odataCount()) : at.passCount();
        boolean moved = at.passCountMoved() || !firstPage && count != null && count != page.odataCount();
        long passListed = at.passListed() + listed;
        long passNew = at.passNew() + fresh;
        if (page.odataNextLink() != null) {
            return new Step(new Position(at.snapshotId(), at.startedAt(), at.kind(), at.pass(),
                    page.odataNextLink(), passListed, passNew, count, moved), null);
        }
        boolean complete = at.pass() > 1 && !moved && passNew == 0 && count != null && passListed == count;
        if (!complete && at.pass() < MOST_PASSES) {
            LOG.debugf("firm %s: pass %d over Karbon's %s listed %d of %d, %d new: reading the list again", firmId,
                    at.pass(), at.kind(), passListed, count, passNew);
            return new Step(new Position(at.snapshotId(), at.startedAt(), at.kind(), at.pass() + 1, null, 0, 0,
                    null, false), null);
        }
        String warning = null;
        if (!complete) {
            warning = "Karbon's " + at.kind() + " records kept being created or deleted while they were read ("
                    + MOST_PASSES + " passes; the last listed " + passListed + " of " + count + "): records created"
                    + " meanwhile reach xpm-sync as changes";
            LOG.warnf("firm %s: snapshot: %s", firmId, warning);
        }
        String nextKind = ContactKind.KARBON_ORGANIZATION.name().equals(at.kind()) ? ContactKind.KARBON_PERSON.name()
                : SnapshotProgress.DONE;
        return new Step(new Position(at.snapshotId(), at.startedAt(), nextKind, 1, null, 0, 0, null, false), warning);
    }

    /** The record as Karbon holds it now, with its business cards; empty when Karbon no longer has it. */
    private static Optional<ContactSnapshot> readWhole(KarbonClient karbon, Listed record) {
        try {
            return Optional.of(record.kind() == ContactKind.KARBON_ORGANIZATION
                    ? KarbonSnapshots.organization(karbon.getOrganization(record.key()))
                    : KarbonSnapshots.person(karbon.getContact(record.key())));
        } catch (KarbonClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
