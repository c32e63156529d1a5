package io.xpmsync.connector.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
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
 * become a Person in Karbon ({@link BusinessStructures}: Individual or Sole Trader or one of the firm's own person
 * structures, or no structure with a first and last name); a contact keeps only its links to other clients, and one with none left is skipped.
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
    private final ObjectMapper json = new ObjectMapper();
    private final int batchSize;

    ChangeDetector(DataSource dataSource, Outbox outbox, ConnectorConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.batchSize = config.poll().batchSize();
    }

    /**
     * Compares a batch of clients, as they stream in from XPM, with what was last seen and publishes the changes; their
     * contacts are staged for {@link #detectContacts} (a contact's links are known only at the end of the list).
     * Clients this run has already handled (an answer that broke off and was read again, a run resumed after a
     * crash) are passed over. Returns what was done and how many clients were new to this run.
     */
    @Transactional
    public Counts detectClients(String firmId, UUID runId, List<XpmClient> clients, List<String> personStructures,
                                RunProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            Set<String> handled = selectIn(c, "SELECT xpm_id FROM xpm_run_client WHERE run_id = ? AND xpm_id = ANY (?)",
                    runId, clients.stream().map(x -> ContactRef.xpmClient(x.uuid()).id()).toList());
            List<Candidate> candidates = new ArrayList<>();
            Map<String, XpmContact> contacts = new LinkedHashMap<>();
            Map<String, Set<String>> contactClients = new HashMap<>();
            for (XpmClient client : clients) {
                ContactSnapshot snapshot = XpmSnapshots.client(client);
                if (!handled.add(snapshot.ref().id())) {
                    continue;
                }
                candidates.add(new Candidate(snapshot, Set.of()));
                boolean eligible = !BusinessStructures.becomesPerson(snapshot, personStructures);
                for (XpmContact contact : client.contacts()) {
                    String id = ContactRef.xpmContact(contact.uuid()).id();
                    contacts.putIfAbsent(id, contact);
                    Set<String> links = contactClients.computeIfAbsent(id, k -> new TreeSet<>());
                    if (eligible) {
                        links.add(snapshot.ref().id());
                    }
                }
            }
            try (PreparedStatement handledClient = c.prepareStatement(
                    "INSERT INTO xpm_run_client (run_id, xpm_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement stage = c.prepareStatement("INSERT INTO xpm_run_contact (run_id, xpm_id, snapshot,"
                         + " clients) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, xpm_id) DO UPDATE SET clients ="
                         + " ARRAY(SELECT DISTINCT unnest(xpm_run_contact.clients || EXCLUDED.clients))")) {
                for (Candidate candidate : candidates) {
                    handledClient.setObject(1, runId);
                    handledClient.setString(2, candidate.snapshot().ref().id());
                    handledClient.addBatch();
                }
                handledClient.executeBatch();
                for (Map.Entry<String, XpmContact> contact : contacts.entrySet()) {
                    stage.setObject(1, runId);
                    stage.setString(2, contact.getKey());
                    stage.setString(3, json.writeValueAsString(XpmSnapshots.contact(contact.getValue(), null)));
                    stage.setArray(4, c.createArrayOf("varchar", contactClients.get(contact.getKey()).toArray()));
                    stage.addBatch();
                }
                stage.executeBatch();
            }
            Counts counts = compare(c, firmId, runId, candidates);
            progress.fetched(runId, candidates.size());
            progress.add(runId, counts);
            return counts;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot compare XPM clients with their last-seen state", e);
        }
    }

    /**
     * After the whole list has been read: the run's staged contacts, compared and published in batches (each batch's
     * staging rows go in its transaction, so a run resumed after a crash goes on with the rest). In Clients-only
     * scope they are counted as skipped and publish nothing.
     */
    public Counts detectContacts(String firmId, UUID runId, SyncScope scope, RunProgress progress) {
        Counts total = new Counts(0, 0, 0);
        Counts batch;
        do {
            batch = detectContactBatch(firmId, runId, scope, progress);
            total = total.plus(batch);
        } while (batch != null && batch.published() + batch.unchanged() + batch.skippedByScope() > 0);
        return total;
    }

    /** Clears what the run staged (at its end, completed or failed). */
    @Transactional
    public void clearStaging(UUID runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement clients = c.prepareStatement("DELETE FROM xpm_run_client WHERE run_id = ?");
             PreparedStatement contacts = c.prepareStatement("DELETE FROM xpm_run_contact WHERE run_id = ?")) {
            clients.setObject(1, runId);
            clients.executeUpdate();
            contacts.setObject(1, runId);
            contacts.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clear the staged read of sync run " + runId, e);
        }
    }

    @Transactional
    public int stagedContacts(UUID runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM xpm_run_contact WHERE run_id = ?")) {
            s.setObject(1, runId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the staged contacts of sync run " + runId, e);
        }
    }

    @Transactional
    Counts detectContactBatch(String firmId, UUID runId, SyncScope scope, RunProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            List<Candidate> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("DELETE FROM xpm_run_contact WHERE (run_id, xpm_id) IN"
                    + " (SELECT run_id, xpm_id FROM xpm_run_contact WHERE run_id = ? ORDER BY xpm_id LIMIT ?)"
                    + " RETURNING snapshot, clients")) {
                s.setObject(1, runId);
                s.setInt(2, batchSize);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(new Candidate(json.readValue(rows.getString(1), ContactSnapshot.class),
                                Set.of((String[]) rows.getArray(2).getArray())));
                    }
                }
            }
            Counts counts = scope == SyncScope.CLIENTS_AND_CONTACTS ? compare(c, firmId, runId, candidates)
                    : new Counts(0, 0, candidates.size());
            progress.add(runId, counts);
            return counts;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot compare XPM contacts with their last-seen state", e);
        }
    }

    /**
     * Compares the candidates with their last-seen state and publishes the real changes through the outbox, in the
     * caller's transaction. A contact keeps its earlier links to clients this run's answer did not include (an
     * incremental read names only the clients that changed).
     */
    private Counts compare(Connection c, String firmId, UUID runId, List<Candidate> batch)
            throws SQLException {
        Map<String, String[]> seen = seen(c, firmId, batch);
        List<String> earlierLinks = new ArrayList<>();
        for (Candidate candidate : batch) {
            String[] before = seen.get(candidate.snapshot().ref().id());
            if (candidate.snapshot().ref().kind() == ContactKind.XPM_CONTACT && before != null && !before[1].isEmpty()) {
                earlierLinks.addAll(List.of(before[1].split(",")));
            }
        }
        Set<String> answered = earlierLinks.isEmpty() ? Set.of()
                : selectIn(c, "SELECT xpm_id FROM xpm_run_client WHERE run_id = ? AND xpm_id = ANY (?)", runId,
                earlierLinks);
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
        return new Counts(changes.size(), unchanged, skipped);
    }

    private static Set<String> selectIn(Connection c, String sql, UUID runId, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, runId);
            s.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
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
