package io.xpmsync.connector.sync;

import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises a prospect converted to a client. XPM gives the converted client a new UUID and the prospect's own record
 * stops being a live client, so the conversion reaches us as a client never seen before. The rule: a new client
 * (no last-seen state), neither a prospect nor archived nor deleted, whose name (trimmed, inner spaces collapsed, any
 * case) is that of exactly one prospect seen before and not yet converted, is that prospect converted. Only here
 * are both UUIDs seen side by side, so connector-service recognises it; mapping-service, which owns the mappings,
 * carries the prospect's mapping over. A new client named exactly as a prospect the firm keeps is taken for its
 * conversion too (the prospect's next change then arrives unmapped and is classified afresh).
 */
final class ProspectConversions {

    private ProspectConversions() {
    }

    /**
     * The batch's new clients that are conversions, each with the prospect it was converted from, by XPM id; the
     * prospects are marked converted ({@code converted_to}) unless this is a preview, which writes nothing.
     */
    static Map<String, ContactRef> find(Connection c, String firmId, List<ChangeDetector.Candidate> batch,
                                        Map<String, String[]> seen, boolean preview) throws SQLException {
        List<ContactSnapshot> fresh = new ArrayList<>();
        for (ChangeDetector.Candidate candidate : batch) {
            ContactSnapshot s = candidate.snapshot();
            if (s.ref().kind() == ContactKind.XPM_CLIENT && !seen.containsKey(s.ref().id()) && !candidate.prospect()
                    && !s.archived() && !s.deleted() && !nameKey(s.name()).isEmpty()) {
                fresh.add(s);
            }
        }
        Map<String, ContactRef> conversions = new HashMap<>();
        if (fresh.isEmpty()) {
            return conversions;
        }
        Set<String> taken = new HashSet<>();
        try (PreparedStatement prospects = c.prepareStatement("SELECT xpm_id FROM xpm_seen WHERE firm_id = ?"
                + " AND prospect_name = ? AND converted_to IS NULL AND kind = 'XPM_CLIENT' LIMIT 2");
             PreparedStatement mark = c.prepareStatement("UPDATE xpm_seen SET converted_to = ? WHERE firm_id = ?"
                     + " AND xpm_id = ?")) {
            for (ContactSnapshot client : fresh) {
                prospects.setString(1, firmId);
                prospects.setString(2, nameKey(client.name()));
                List<String> found = new ArrayList<>();
                try (ResultSet rows = prospects.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                if (found.size() != 1 || !taken.add(found.get(0))) {
                    continue; // none, or several prospects of that name: nothing says which one it was
                }
                conversions.put(client.ref().id(), ContactRef.xpmClient(found.get(0)));
                if (!preview) {
                    mark.setString(1, client.ref().id());
                    mark.setString(2, firmId);
                    mark.setString(3, found.get(0));
                    mark.addBatch();
                }
            }
            mark.executeBatch();
        }
        return conversions;
    }

    /** How a prospect's name is compared with a new client's: trimmed, inner spaces collapsed, any case. */
    static String nameKey(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
