package io.xpmsync.connector.sync;

import io.xpmsync.client.xpm.XpmApi;
import io.xpmsync.client.xpm.model.XpmClient;
import io.xpmsync.client.xpm.model.XpmException;
import io.xpmsync.client.xpm.model.YesNo;
import io.xpmsync.contracts.contact.ContactRef;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills in what {@code client.api/list} leaves out: a client's business structure and prospect flag, which Xero's
 * list example does not carry and {@code client.api/get} answers (the structure when the practice uses the
 * practice-management module). A client seen before gets what was last known of it (kept in {@code xpm_seen}), at
 * no call; a client of which they were never known (new, or past an earlier run's lookups), neither archived nor
 * deleted (those are not created in Karbon), is read with {@code client.api/get} while the run's lookups last
 * ({@code CONNECTOR_POLL_GET_LOOKUPS}) and the practice's allowance answers, so a large practice's clients are learnt
 * over several runs as they change. A client still unknown keeps them empty: {@code BusinessStructures}' fallback rule
 * decides (a first and a last name make a Person, anything else an Organization), and {@link ProspectConversions}
 * counts it as a possible prospect.
 */
@ApplicationScoped
public class GetOnlyFields {

    private static final Logger LOG = Logger.getLogger(GetOnlyFields.class);

    private final DataSource dataSource;
    private final XpmApi xpm;

    GetOnlyFields(DataSource dataSource, XpmApi xpm) {
        this.dataSource = dataSource;
        this.xpm = xpm;
    }

    /** The batch, each client with what the list left out filled in where it can be; {@code lookups}: gets left. */
    public List<XpmClient> filled(String firmId, List<XpmClient> batch, AtomicInteger lookups) {
        List<XpmClient> lacking = batch.stream().filter(XpmClient::lacksGetOnlyFields).toList();
        if (lacking.isEmpty()) {
            return batch;
        }
        Map<String, String[]> known = known(firmId, lacking);
        List<XpmClient> filled = new ArrayList<>(batch.size());
        for (XpmClient client : batch) {
            if (!client.lacksGetOnlyFields()) {
                filled.add(client);
                continue;
            }
            String[] seen = known.get(id(client));
            XpmClient withKnown = seen == null ? client : client.withGetOnlyFields(
                    orElse(client.businessStructure(), seen[0]), orElse(client.isProspect(), seen[1]));
            if (withKnown.lacksGetOnlyFields() && !YesNo.read(client.isArchived()) && !YesNo.read(client.isDeleted())
                    && lookups.get() > 0) {
                filled.add(read(firmId, withKnown, lookups));
            } else {
                filled.add(withKnown);
            }
        }
        return filled;
    }

    private XpmClient read(String firmId, XpmClient client, AtomicInteger lookups) {
        lookups.decrementAndGet();
        try {
            XpmClient got = xpm.getClient(firmId, client.uuid());
            return client.withGetOnlyFields(orElse(client.businessStructure(), got.businessStructure()),
                    orElse(client.isProspect(), got.isProspect()));
        } catch (XpmException e) {
            // XPM refused or is out of allowance: no more lookups this run; the fallback rule decides meanwhile
            lookups.set(0);
            LOG.warnf("firm %s: client %s not read with client.api/get (%s); its business structure is left to the"
                    + " fallback rule", firmId, client.uuid(), e.getMessage());
            return client;
        }
    }

    /** What was last known of the clients: business structure and prospect flag (Yes/No; null: never known). */
    private Map<String, String[]> known(String firmId, List<XpmClient> clients) {
        Map<String, String[]> known = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT xpm_id, business_structure, prospect FROM xpm_seen"
                     + " WHERE firm_id = ? AND xpm_id = ANY (?)")) {
            s.setString(1, firmId);
            s.setArray(2, c.createArrayOf("varchar", clients.stream().map(GetOnlyFields::id).toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    Object prospect = rows.getObject(3);
                    known.put(rows.getString(1), new String[]{rows.getString(2),
                            prospect == null ? null : YesNo.write((Boolean) prospect)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read what was last known of firm " + firmId + "'s clients", e);
        }
        return known;
    }

    private static String id(XpmClient client) {
        return ContactRef.xpmClient(client.uuid()).id();
    }

    private static String orElse(String listed, String other) {
        return listed != null ? listed : other;
    }
}
