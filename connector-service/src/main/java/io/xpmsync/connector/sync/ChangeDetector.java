package io.xpmsync.connector.sync;

import io.xpmsync.client.xpm.XpmSnapshots;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmContact;
import io.xpmsync.connector.config.ConnectorConfig;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.BusinessStructures;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.contact.SourceSystem;
import io.xpmsync.contracts.events.ChangeKind;
import io.xpmsync.contracts.events.ContactChanged;
import io.xpmsync.contracts.events.SyncScope;
import io.xpmsync.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Turns what XPM answered into {@code ContactChanged} events for real changes only. The last-seen state of every XPM
 * client and contact (a fingerprint of its synced fields, its flags, business structure and links) is kept in
 * {@code xpm_seen}; a record whose fingerprint is unchanged publishes nothing. The seen state and the event are written
 * in one transaction (the event through the outbox), so a crash loses no change and a re-run re-sends nothing.
 *
 * <p>Scope rules apply here, at the source: no contacts in Clients-only scope, and never the contacts of clients that
 * become a Person in Karbon ({@link BusinessStructures}: Individual or Sole Trader, or no structure with a first and
 * last name); a contact keeps only its links to other clients, and one with none left is skipped.
 */
@ApplicationScoped
public class ChangeDetector {

    /** What one detection did. */
    public record Counts(int published, int unchanged, int skippedByScope) {
        Counts plus(Counts other) {
            return new Counts(published + other.published, unchanged + other.unchanged,
                    skippedByScope + other.skippedByScope);
        }
    }

    /** A client or contact as XPM answered it, with (for a contact) the clients of this answer it is linked to. */
    record Candidate(ContactSnapshot snapshot, Set<String> eligibleClients) {
    }

    private final DataSource dataSource;
    private final Outbox outbox;
    private final int batchSize;

    ChangeDetector(DataSource dataSource, Outbox outbox, ConnectorConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.batchSize = config.poll().batchSize();
    }

    /** Compares every record in {@code clients} (and their contacts) with what was last seen; publishes the changes. */
    public Counts detect(String firmId, UUID runId, List<XpmClient> clients, SyncScope scope, RunProgress progress) {
        List<Candidate> candidates = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        Map<String, XpmContact> contacts = new LinkedHashMap<>();
        Map<String, Set<String>> contactClients = new HashMap<>();
        for (XpmClient client : clients) {
            ContactSnapshot snapshot = XpmSnapshots.client(client);
            candidates.add(new Candidate(snapshot, Set.of()));
            answered.add(snapshot.ref().id());
            boolean eligible = !BusinessStructures.becomesPerson(snapshot);
            for (XpmContact contact : client.contacts()) {
                String id = ContactRef.xpmContact(contact.uuid()).id();
                contacts.putIfAbsent(id, contact);
                Set<String> links = contactClients.computeIfAbsent(id, k -> new TreeSet<>());
                if (eligible) {
                    links.add(snapshot.ref().id());
                }
            }
        }
        int skipped = 0;
        if (scope == SyncScope.CLIENTS_AND_CONTACTS) {
            contacts.forEach((id, contact) -> candidates.add(new Candidate(XpmSnapshots.contact(contact, null),
                    contactClients.get(id))));
        } else {
            skipped = contacts.size();
        }
        Counts total = new Counts(0, 0, skipped);
        progress.add(runId, total);
        for (int from = 0; from < candidates.size(); from += batchSize) {
            Counts batch = detectBatch(firmId, runId, candidates.subList(from, Math.min(candidates.size(),
                    from + batchSize)), answered, progress);
            total = total.plus(batch);
        }
        return total;
    }

    @Transactional
    Counts detectBatch(String firmId, UUID runId, List<Candidate> batch, Set<String> answered, RunProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, String[]> seen = seen(c, firmId, batch);
            List<ContactChanged> changes = new ArrayList<>();
            int unchanged = 0;
            int skipped = 0;
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO xpm_seen (firm_id, xpm_id, kind, fingerprint,"
                    + " links, seen_at) VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (firm_id, xpm_id) DO UPDATE SET"
                    + " kind = EXCLUDED.kind, fingerprint = EXCLUDED.fingerprint, links = EXCLUDED.links,"
                    + " seen_at = EXCLUDED.seen_at")) {
                for (Candidate candidate : batch) {
                    String id = candidate.snapshot().ref().id();
                    String[] before = seen.get(id);
                    ContactSnapshot snapshot = candidate.snapshot();
                    if (snapshot.ref().kind() == ContactKind.XPM_CONTACT) {
                        Set<String> links = new TreeSet<>(candidate.eligibleClients());
                        if (before != null && !before[1].isEmpty()) {
                            for (String previous : before[1].split(",")) {
                                if (!answered.contains(previous)) {
                                    links.add(previous);
                                }
                            }
                        }
                        if (links.isEmpty()) {
                            skipped++;
                            continue;
                        }
                        snapshot = withLinks(snapshot, links);
                    }
                    String fingerprint = fingerprint(snapshot);
                    if (before != null && before[0].equals(fingerprint)) {
                        unchanged++;
                        continue;
                    }
                    ChangeKind kind = snapshot.deleted() ? ChangeKind.DELETED : snapshot.archived() ? ChangeKind.ARCHIVED
                            : before == null ? ChangeKind.CREATED : ChangeKind.UPDATED;
                    changes.add(ContactChanged.of(firmId, runId, SourceSystem.XPM, kind, snapshot));
                    upsert.setString(1, firmId);
                    upsert.setString(2, id);
                    upsert.setString(3, snapshot.ref().kind().name());
                    upsert.setString(4, fingerprint);
                    upsert.setString(5, String.join(",", snapshot.links().stream().map(ContactRef::id).toList()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            outbox.appendAll(changes);
            Counts counts = new Counts(changes.size(), unchanged, skipped);
            progress.add(runId, counts);
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compare XPM records with their last-seen state", e);
        }
    }

    /** What was last seen of the batch's records: fingerprint and links, by XPM id. */
    private static Map<String, String[]> seen(Connection c, String firmId, List<Candidate> batch) throws SQLException {
        Map<String, String[]> seen = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT xpm_id, fingerprint, links FROM xpm_seen WHERE firm_id = ? AND xpm_id = ANY (?)")) {
            Array ids = c.createArrayOf("varchar", batch.stream().map(b -> b.snapshot().ref().id()).toArray());
            s.setString(1, firmId);
            s.setArray(2, ids);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    seen.put(rows.getString(1), new String[]{rows.getString(2), rows.getString(3)});
                }
            }
        }
        return seen;
    }

    /**
     * The synced fields' content hash first (push-service's echo replaces just that part), then what else makes a
     * change worth announcing: the archive and delete flags, the business structure, the links.
     */
    static String fingerprint(ContactSnapshot s) {
        return s.contentHash() + "|" + (s.archived() ? "A" : "") + (s.deleted() ? "D" : "") + "|"
                + (s.businessStructure() == null ? "" : s.businessStructure().strip().toLowerCase(Locale.ROOT)) + "|"
                + String.join(",", s.links().stream().map(ContactRef::id).sorted().toList());
    }

    private static ContactSnapshot withLinks(ContactSnapshot s, Set<String> clientIds) {
        return new ContactSnapshot(s.ref(), s.name(), s.firstName(), s.lastName(), s.emails(), s.phones(),
                s.physicalAddress(), s.mailingAddress(), s.businessStructure(), s.contactType(),
                clientIds.stream().map(ContactRef::xpmClient).toList(), s.archived(), s.deleted(), null)
                .withComputedHash();
    }
}
