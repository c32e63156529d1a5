package io.xpmsync.messaging;

import io.xpmsync.contracts.events.SyncSettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Firms that asked xpm-sync to forget them (Disconnect, "forget this firm's data"). {@link #forget} deletes every row
 * of the firm in the service's schema (each table with a {@code firm_id} column, found in the catalogue so that a table
 * added later is not missed, and the firm's outbox rows) and marks it forgotten; {@link Batches} then drops the firm's
 * events still in flight, until {@link #readmit} (the firm connects or saves settings again). Each service's schema has
 * the table {@code forgotten_firm}.
 */
@ApplicationScoped
public class ForgottenFirms {

    private static final Logger LOG = Logger.getLogger(ForgottenFirms.class);

    private final DataSource dataSource;

    ForgottenFirms(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Deletes what this service keeps of {@code firmId} and marks it forgotten, in the caller's transaction. Rows that
     * belong to the firm only through another table (staging keyed by a run, say) are the caller's to delete first.
     *
     * @return how many rows were deleted
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int forget(String firmId) {
        int deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.table_name FROM information_schema.columns c"
                    + " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
                    + " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
                    + " WHERE c.table_schema = current_schema() AND c.column_name = 'firm_id'"
                    + " AND c.table_name <> 'forgotten_firm' ORDER BY c.table_name");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                deleted += update(c, "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE firm_id = ?", firmId);
            }
            if (exists(c, "outbox_event")) {
                // the firm's events, sent or not: they carry its contacts
                deleted += update(c, "DELETE FROM outbox_event WHERE aggregate_id = ?", firmId);
            }
            update(c, "INSERT INTO forgotten_firm (firm_id, forgotten_at) VALUES (?, now())"
                    + " ON CONFLICT (firm_id) DO UPDATE SET forgotten_at = now()", firmId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget firm " + firmId, e);
        }
        LOG.infof("firm %s forgotten: %d rows deleted", firmId, deleted);
        return deleted;
    }

    /**
     * What a settings event says of its firm: marked forgotten, the firm is forgotten here ({@link #forget}) and
     * {@code true} is answered (nothing else is to be done with the event); otherwise the firm is in
     * ({@link #readmit}) and the settings are the caller's to apply. In the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean forgetIfAsked(SyncSettingsChanged settings) {
        if (settings.forgetsFirm()) {
            forget(settings.firmId());
            return true;
        }
        readmit(settings.firmId());
        return false;
    }

    /** The firm is back (it connected or saved settings again): its events are taken again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void readmit(String firmId) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM forgotten_firm WHERE firm_id = ?", firmId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot readmit firm " + firmId, e);
        }
    }

    /** Which of {@code firmIds} are forgotten now, in one query. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> among(Collection<String> firmIds) {
        Set<String> forgotten = new HashSet<>();
        if (firmIds.isEmpty()) {
            return forgotten;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT firm_id FROM forgotten_firm WHERE firm_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", new HashSet<>(firmIds).toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    forgotten.add(r.getString(1));
                }
            }
            return forgotten;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read forgotten firms", e);
        }
    }

    private static int update(Connection c, String sql, String firmId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, firmId);
            return s.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
