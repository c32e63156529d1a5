package io.xpmsync.xpmsandbox.service;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every XPM API call the sandbox answered (or refused), for tests and people to see what a client really did. */
@ApplicationScoped
public class CallLog {

    public record Call(long id, String method, String path, int status, String problem, Instant at) {
    }

    private final DataSource dataSource;

    CallLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(UUID tenantId, String method, String path, int status, String problem) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO api_call (tenant_id, method, path, status, problem) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, tenantId);
            s.setString(2, method);
            s.setString(3, path);
            s.setInt(4, status);
            s.setString(5, problem);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot log an API call", e);
        }
    }

    /** The practice's calls after {@code afterId}, oldest first. */
    public List<Call> since(UUID tenantId, long afterId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, method, path, status, problem, at FROM api_call"
                     + " WHERE tenant_id = ? AND id > ? ORDER BY id")) {
            s.setObject(1, tenantId);
            s.setLong(2, afterId);
            List<Call> calls = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    calls.add(new Call(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getString(5), rows.getTimestamp(6).toInstant()));
                }
            }
            return calls;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the API call log", e);
        }
    }
}
