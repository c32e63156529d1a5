package io.xpmsync.mapping.outbox;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Debezium's source offsets (how far the relay has read the replication slot) in mapping-service's own schema, so
 * they are as durable as the outbox itself and survive a container that loses its disk. Debezium flushes them only
 * after the relay marked records processed, which it does only after Kafka acknowledged them. Settings:
 * {@code offset.storage.postgres.url}, {@code .user}, {@code .password}.
 */
public class PostgresOffsetStore extends MemoryOffsetBackingStore {

    static final String URL = "offset.storage.postgres.url";
    static final String USER = "offset.storage.postgres.user";
    static final String PASSWORD = "offset.storage.postgres.password";

    private String url;
    private String user;
    private String password;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, Object> originals = config.originals();
        url = String.valueOf(originals.get(URL));
        user = String.valueOf(originals.get(USER));
        password = String.valueOf(originals.get(PASSWORD));
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement s = c.prepareStatement("SELECT offset_key, offset_value FROM mapping.debezium_offset");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                data.put(decode(rows.getString(1)), rows.getString(2) == null ? null : decode(rows.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox relay's offsets", e);
        }
    }

    @Override
    protected void save() {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement s = c.prepareStatement("INSERT INTO mapping.debezium_offset (offset_key, offset_value, updated_at)"
                     + " VALUES (?, ?, now()) ON CONFLICT (offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value,"
                     + " updated_at = now()")) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                s.setString(1, encode(entry.getKey()));
                s.setString(2, entry.getValue() == null ? null : encode(entry.getValue()));
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the outbox relay's offsets", e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private static String encode(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ByteBuffer decode(String text) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(text));
    }
}
