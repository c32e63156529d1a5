package io.xpmsync.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (the binaries ship in a Maven jar, so nothing but a JDK is needed) on 127.0.0.1, with
 * {@code wal_level=logical} so that Debezium can read the outboxes. Every service gets its own schema in one
 * database; no service reads another's tables.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "xpmsync";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean deleteOnClose;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDir, boolean deleteOnClose) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** A throw-away server on a free port, its data deleted on close. */
    public static LocalPostgres startTemporary() {
        try {
            return start(Ports.free(), Files.createTempDirectory("xpmsync-pg-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on a fixed port whose data lives in {@code dataDir} and survives a restart. */
    public static LocalPostgres start(int port, Path dataDir, boolean deleteOnClose) {
        QuietLogging.apply();
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    // never re-initialise existing data; temporary data is deleted by close()
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", deleteOnClose ? "off" : "on")
                    .start();
            LocalPostgres local = new LocalPostgres(postgres, dataDir, deleteOnClose);
            local.createDatabaseIfMissing();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    /** Creates (or brings up to date) each service's own role, as {@link DatabaseRoles} describes. */
    public void createServiceRoles(java.util.Map<String, String> passwords) {
        try (Connection c = postgres.getDatabase(USER, DATABASE).getConnection()) {
            DatabaseRoles.apply(c, passwords);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach database " + DATABASE, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The Quarkus datasource settings of a service under test on this server, as its administrator. */
    public java.util.Map<String, String> quarkusConfig() {
        return java.util.Map.of("quarkus.datasource.jdbc.url", jdbcUrl(), "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    /** A plain (unpooled) data source on the database, for tests of libraries that take one. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (deleteOnClose) {
            Directories.deleteRecursively(dataDir);
        }
    }
}
