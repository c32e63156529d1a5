package io.xpmsync.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each service's own database role: the script {@code postgres/roles.sql} (the deployment's db-roles Job runs the
 * same file with psql) gives connector-, matching-, mapping- and push-service a role that owns its schema and nothing
 * else, and the API allowances' schema to all four. The console has no role; the sandboxes, which stand in for Xero
 * and Karbon, keep the administrator's.
 */
public final class DatabaseRoles {

    /** The services with a role, and their schema (the role is {@code xpmsync_<schema>}). */
    public static final Map<String, String> SCHEMAS;

    static {
        Map<String, String> schemas = new LinkedHashMap<>();
        schemas.put("connector-service", "connector");
        schemas.put("matching-service", "matching");
        schemas.put("mapping-service", "mapping");
        schemas.put("push-service", "push");
        SCHEMAS = java.util.Collections.unmodifiableMap(schemas);
    }

    private static final Pattern VARIABLE = Pattern.compile(":'([a-z_]+)'");

    private DatabaseRoles() {
    }

    public static String role(String service) {
        String schema = SCHEMAS.get(service);
        if (schema == null) {
            throw new IllegalArgumentException(service + " has no database role of its own");
        }
        return "xpmsync_" + schema;
    }

    /** The local run's password of a service's role (local only: PostgreSQL listens on 127.0.0.1). */
    public static String localPassword(String service) {
        return "local-" + role(service);
    }

    /** The script, as committed: psql variables for the passwords. */
    public static String script() {
        try (InputStream in = DatabaseRoles.class.getResourceAsStream("/postgres/roles.sql")) {
            if (in == null) {
                throw new IllegalStateException("postgres/roles.sql is missing from local-infra");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script as {@code admin}, with {@code passwords} by service name, as psql would with {@code -v
     * <schema>_password=...}.
     */
    public static void apply(Connection admin, Map<String, String> passwords) {
        Matcher variables = VARIABLE.matcher(script());
        StringBuilder sql = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            String service = SCHEMAS.entrySet().stream().filter(e -> name.equals(e.getValue() + "_password"))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException("roles.sql names an unknown variable " + name));
            String password = passwords.get(service);
            if (password == null) {
                throw new IllegalArgumentException("no password for " + service + "'s database role");
            }
            variables.appendReplacement(sql, Matcher.quoteReplacement("'" + password.replace("'", "''") + "'"));
        }
        variables.appendTail(sql);
        try (Statement s = admin.createStatement()) {
            s.execute(sql.toString());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the services' database roles: " + e.getMessage(), e);
        }
    }
}
