package io.xpmsync.connector.sync;

import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmErrorException;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.client.xpm.model.YesNo;
import io.xpmsync.contracts.contact.ContactKind;
import io.xpmsync.contracts.contact.ContactRef;
import io.xpmsync.contracts.contact.ContactSnapshot;
import jakarta.enterprise.context.ApplicationScoped;

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
 * Recognises a prospect converted to a client. Xero documents no conversion through the API; we take it that XPM gives
 * the converted client a new UUID and the prospect's own record stops being a live client, so the conversion reaches
 * us as a client never seen before. The rule: a new client (no last-seen state), neither a prospect nor archived nor
 * deleted, whose name (trimmed, inner spaces collapsed, any case) is that of exactly one client seen before that was a
 * prospect or whose prospect flag was never known (the list leaves it out), not yet converted, and that is gone: deleted
 * in this answer, or, when this answer does not show it, deleted or unknown to XPM when read with
 * {@code client.api/get}. So a conversion is recognised in whichever run and order its two records arrive, even when
 * xpm-sync never learnt the prospect was one; and a new client merely named as a live prospect (one a person added, or
 * one xpm-sync created from a Karbon contact) is not taken for it. Only here are both UUIDs seen side by side, so
 * connector-service recognises it; mapping-service, which owns the mappings, carries the prospect's mapping over.
 */
@ApplicationScoped
public class ProspectConversions {

    private final XpmApi xpm;

    ProspectConversions(XpmApi xpm) {
        this.xpm = xpm;
    }

    /**
     * The batch's new clients that are conversions, each with the prospect it was converted from, by XPM id; the
     * prospects are marked converted ({@code converted_to}) unless this is a preview, which writes nothing.
     * A prospect this answer does not show is read from XPM; a failure to read it fails the batch (the run resumes
     * later) rather than guess.
     */
    Map<String, ContactRef> find(Connection c, String firmId, List<ChangeDetector.Candidate> batch,
                                 Map<String, String[]> seen, boolean preview) throws SQLException {
        List<ContactSnapshot> fresh = new ArrayList<>();
        Map<String, ChangeDetector.Candidate> answered = new HashMap<>();
        for (ChangeDetector.Candidate candidate : batch) {
            ContactSnapshot s = candidate.snapshot();
            answered.put(s.ref().id(), candidate);
            if (s.ref().kind() == ContactKind.XPM_CLIENT && !seen.containsKey(s.ref().id())
                    && !Boolean.TRUE.equals(candidate.prospect()) && !s.archived() && !s.deleted()
                    && !nameKey(s.name()).isEmpty()) {
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
                if (found.size() != 1 || taken.contains(found.get(0))
                        || !gone(firmId, found.get(0), answered.get(found.get(0)))) {
                    continue; // none, several of that name (nothing says which), or the prospect is still there
                }
                taken.add(found.get(0));
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

    /** Whether the prospect {@code id} is no longer a live prospect: as this answer shows it, else as XPM answers. */
    private boolean gone(String firmId, String id, ChangeDetector.Candidate inThisAnswer) {
        if (inThisAnswer != null) {
            return inThisAnswer.snapshot().deleted() && !Boolean.FALSE.equals(inThisAnswer.prospect());
        }
        XpmClient held;
        try {
            held = xpm.getClient(firmId, id);
        } catch (XpmErrorException e) {
            return true; // XPM no longer knows the record
        } catch (XpmException e) {
            if (e.status() == 404) {
                return true;
            }
            throw e;
        }
        return held == null || YesNo.read(held.isDeleted()) && !"No".equalsIgnoreCase(held.isProspect());
    }

    /** How a prospect's name is compared with a new client's: trimmed, inner spaces collapsed, any case. */
    static String nameKey(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
