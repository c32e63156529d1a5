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
import java.sql.Types;
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
 *
 * <p>A prospect converted to a client (a new UUID in XPM) is recognised ({@link ProspectConversions}): the new client's
 * {@code CREATED} names the prospect ({@code convertedFrom}), and the prospect's own record publishes nothing more.
 *
 * <p>A Preview Sync ({@code preview}) compares in the same way and publishes the same events marked as a preview, but
 * writes nothing to {@code xpm_seen}: the Sync Now after it finds the same changes. What it would not import is kept
 * with the reason ({@code preview_not_imported}) until the firm's next preview.
 */
@ApplicationScoped
public class ChangeDetector {

    /** Why a contact is not imported: only clients that become People in Karbon hold it. */
    static final String PERSON_CLIENTS_ONLY = "a contact only of clients that become People in Karbon (Individual,"
            + " Sole Trader or one of the firm's person structures), whose contacts are not imported";
    /** Why a contact is not imported in Clients-only scope. */
    static final String CLIENTS_ONLY_SCOPE = "a contact, and the sync scope is Clients only";

    /** What one detection did. */
    public record Counts(int published, int unchanged, int skippedByScope) {
        Counts plus(Counts other) {
            return new Counts(published + other.published, unchanged + other.unchanged,
                    skippedByScope + other.skippedByScope);
        }
    }

    /**
     * A client or contact as XPM answered it, with (for a contact) the clients of this answer it is linked to, and
     * (for a client) whether XPM holds it as a prospect and its business structure as XPM answered it ("" for none;
     * null: not known, the list left it out and no get answered).
     */
    record Candidate(ContactSnapshot snapshot, Set<String> eligibleClients, Boolean prospect, String structure) {
    }

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json = new ObjectMapper();
    private final int batchSize;
    private final ProspectConversions conversions;

    ChangeDetector(DataSource dataSource, Outbox outbox, ConnectorConfig config, ProspectConversions conversions) {
        this.conversions = conversions;
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
        return detectClients(firmId, runId, clients, personStructures, progress, false);
    }

    /** As above; a {@code preview} writes no last-seen state and marks its events as a preview's. */
    @Transactional
    public Counts detectClients(String firmId, UUID runId, List<XpmClient> clients, List<String> personStructures,
                                RunProgress progress, boolean preview) {
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
                candidates.add(new Candidate(snapshot, Set.of(),
                        client.isProspect() == null ? null : client.prospect(), client.businessStructure()));
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
            Counts counts = compare(c, firmId, runId, candidates, preview);
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
    public Counts detectContacts(String firmId, UUID runId, SyncScope scope, RunProgress progress, boolean preview) {
        Counts total = new Counts(0, 0, 0);
        Counts batch;
        do {
            batch = detectContactBatch(firmId, runId, scope, progress, preview);
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
    Counts detectContactBatch(String firmId, UUID runId, SyncScope scope, RunProgress progress, boolean preview) {
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
                                Set.of((String[]) rows.getArray(2).getArray()), null,
                                null));
                    }
                }
            }
            if (scope != SyncScope.CLIENTS_AND_CONTACTS && preview) {
                notImported(c, firmId, runId, candidates.stream().map(Candidate::snapshot).toList(),
                        CLIENTS_ONLY_SCOPE);
            }
            Counts counts = scope == SyncScope.CLIENTS_AND_CONTACTS ? compare(c, firmId, runId, candidates, preview)
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
    private Counts compare(Connection c, String firmId, UUID runId, List<Candidate> batch, boolean preview)
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
        Map<String, ContactRef> conversions = this.conversions.find(c, firmId, batch, seen, preview);
        Set<String> convertedNow = new HashSet<>();
        conversions.values().forEach(prospect -> convertedNow.add(prospect.id()));
        List<ContactChanged> changes = new ArrayList<>();
        List<ContactSnapshot> notImported = new ArrayList<>();
        int unchanged = 0;
        int skipped = 0;
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO xpm_seen (firm_id, xpm_id, kind, fingerprint,"
                + " links, seen_at, business_structure, prospect, prospect_name) VALUES (?, ?, ?, ?, ?, now(), ?, ?, ?)"
                + " ON CONFLICT (firm_id, xpm_id) DO UPDATE SET kind = EXCLUDED.kind,"
                + " fingerprint = EXCLUDED.fingerprint, links = EXCLUDED.links, seen_at = EXCLUDED.seen_at,"
                + " business_structure = EXCLUDED.business_structure, prospect = EXCLUDED.prospect,"
                + " prospect_name = EXCLUDED.prospect_name")) {
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
                        notImported.add(snapshot);
                        continue;
                    }
                    snapshot = withLinks(snapshot, links);
                }
                String fingerprint = fingerprint(snapshot);
                if (before != null && before[0].equals(fingerprint)) {
                    unchanged++;
                    continue;
                }
                boolean convertedProspect = (before != null && before[2] != null || convertedNow.contains(id))
                        && snapshot.deleted();
                if (convertedProspect) {
                    // the prospect's own record after its conversion (deleted): its mapping went to the client it
                    // became, so there is nothing to announce
                    unchanged++;
                } else {
                    ChangeKind kind = snapshot.deleted() ? ChangeKind.DELETED : snapshot.archived()
                            ? ChangeKind.ARCHIVED : before == null ? ChangeKind.CREATED : ChangeKind.UPDATED;
                    ContactChanged change = ContactChanged.of(firmId, runId, SourceSystem.XPM, kind, snapshot);
                    if (conversions.containsKey(id)) {
                        change = change.convertedFrom(conversions.get(id));
                    }
                    changes.add(preview ? change.asPreview() : change);
                }
                if (preview) {
                    continue; // what was last seen stays as it is: the Sync Now after the preview sees the same
                }
                upsert.setString(1, firmId);
                upsert.setString(2, id);
                upsert.setString(3, snapshot.ref().kind().name());
                upsert.setString(4, fingerprint);
                upsert.setString(5, String.join(",", snapshot.links().stream().map(ContactRef::id).toList()));
                upsert.setString(6, candidate.structure());
                upsert.setObject(7, candidate.prospect(), Types.BOOLEAN);
                // a client that was or may be a prospect (the list leaves the flag out) is found by name
                upsert.setString(8, snapshot.ref().kind() == ContactKind.XPM_CLIENT
                        && !Boolean.FALSE.equals(candidate.prospect()) ? ProspectConversions.nameKey(snapshot.name())
                        : null);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        outbox.appendAll(changes);
        if (preview) {
            notImported(c, firmId, runId, notImported, PERSON_CLIENTS_ONLY);
        }
        return new Counts(changes.size(), unchanged, skipped);
    }

    /** Keeps what a preview would not import, with the reason. */
    private static void notImported(Connection c, String firmId, UUID runId, List<ContactSnapshot> records,
                                    String reason) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO preview_not_imported (run_id, firm_id, xpm_id,"
                + " name, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ContactSnapshot record : records) {
                s.setObject(1, runId);
                s.setString(2, firmId);
                s.setString(3, record.ref().id());
                s.setString(4, record.name() == null ? "" : record.name());
                s.setString(5, reason);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** What a preview would not import, by name, with the reason; the firm's earlier previews' lists are gone. */
    @Transactional
    public List<NotImported> notImported(String firmId, UUID runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT xpm_id, name, reason FROM preview_not_imported"
                     + " WHERE firm_id = ? AND run_id = ? ORDER BY lower(name), xpm_id")) {
            s.setString(1, firmId);
            s.setObject(2, runId);
            List<NotImported> found = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new NotImported(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read what preview " + runId + " would not import", e);
        }
    }

    /** Drops what the firm's earlier previews would not import (a new preview begins). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearNotImported(String firmId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM preview_not_imported WHERE firm_id = ?")) {
            s.setString(1, firmId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clear firm " + firmId + "'s earlier previews", e);
        }
    }

    /** An XPM record a preview would not import. */
    public record NotImported(String xpmId, String name, String reason) {
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

    /** What was last seen of the batch's records: fingerprint, links and the client a prospect became, by XPM id. */
    private static Map<String, String[]> seen(Connection c, String firmId, List<Candidate> batch) throws SQLException {
        Map<String, String[]> seen = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT xpm_id, fingerprint, links, converted_to FROM xpm_seen"
                + " WHERE firm_id = ? AND xpm_id = ANY (?)")) {
            Array ids = c.createArrayOf("varchar", batch.stream().map(b -> b.snapshot().ref().id()).toArray());
            s.setString(1, firmId);
            s.setArray(2, ids);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    seen.put(rows.getString(1), new String[]{rows.getString(2), rows.getString(3), rows.getString(4)});
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
