package io.xpmsync.budget;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The allowances of the external APIs, per firm or practice, shared by every replica of every service that spends
 * them: token buckets (Bucket4j) and pauses, both in PostgreSQL's schema {@value #SCHEMA}. Budgets belong to the APIs,
 * not to a service, so this schema is the one place several services write; each service still keeps its own data
 * in its own schema.
 *
 * <p>The data source must not take part in the callers' transactions (its connections commit on their own), so a
 * call taken is counted even when the caller's work rolls back: the API saw the call.
 */
public final class ApiBudget {

    public static final String SCHEMA = "api_budget";

    /** An API's allowance is paused for one firm or practice until {@code until}, for {@code reason}. */
    public record Pause(Instant until, String reason) {
    }

    /** One of the calls an API allows at once for a firm or practice, held until released or until it expires. */
    public record Slot(String api, String key, int number, String holder) {
    }

    /** Runs the budget's statements away from the caller's transaction (a JTA one would enlist them). */
    public interface Isolation {
        <T> T call(Callable<T> work);

        /** For callers with no transaction manager. */
        Isolation NONE = new Isolation() {
            @Override
            public <T> T call(Callable<T> work) {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private final DataSource dataSource;
    private final Isolation isolation;
    private final ProxyManager<String> buckets;

    public ApiBudget(DataSource dataSource) {
        this(dataSource, Isolation.NONE);
    }

    public ApiBudget(DataSource dataSource, Isolation isolation) {
        this.dataSource = dataSource;
        this.isolation = isolation;
        isolation.call(() -> {
            install();
            return null;
        });
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(SCHEMA + ".bucket")
                .build();
    }

    /**
     * Takes one call of {@code api}'s allowances for {@code key} (a firm or practice).
     *
     * @return empty when the call may go now; otherwise how long until it may (a pause, or the allowance refilling)
     */
    public Optional<Duration> take(String api, String key, List<Allowance> allowances) {
        return isolation.call(() -> {
            Optional<Duration> paused = pausedFor(api, key);
            if (paused.isPresent()) {
                return paused;
            }
            ConsumptionProbe probe = buckets.builder().build(id(api, key, allowances),
                    () -> configuration(allowances)).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    /**
     * Takes one call, waiting for it up to {@code longestWait}.
     *
     * @return empty when the call may go now; otherwise how long it would still have to wait (more than allowed)
     */
    public Optional<Duration> take(String api, String key, List<Allowance> allowances, Duration longestWait) {
        long deadline = System.nanoTime() + longestWait.toNanos();
        while (true) {
            Optional<Duration> wait = take(api, key, allowances);
            if (wait.isEmpty() || System.nanoTime() + wait.get().toNanos() > deadline) {
                return wait;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, wait.get().toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return wait;
            }
        }
    }

    /** Like {@link #take} without taking: how long until one call could go (empty: now). */
    public Optional<Duration> waitBefore(String api, String key, List<Allowance> allowances) {
        return isolation.call(() -> {
            Optional<Duration> paused = pausedFor(api, key);
            if (paused.isPresent()) {
                return paused;
            }
            EstimationProbe probe = buckets.builder().build(id(api, key, allowances),
                    () -> configuration(allowances)).estimateAbilityToConsume(1);
            return probe.canBeConsumed() ? Optional.empty()
                    : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        });
    }

    /**
     * Pauses {@code api} for {@code key} for {@code duration} (the API answered 429 with that {@code Retry-After}),
     * for every replica and service. A longer pause already in place stays.
     */
    public void pause(String api, String key, Duration duration, String reason) {
        Instant until = Instant.now().plus(duration);
        sql("INSERT INTO " + SCHEMA + ".pause (api, budget_key, until, reason) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (api, budget_key) DO UPDATE SET until = GREATEST(pause.until, EXCLUDED.until),"
                + " reason = CASE WHEN EXCLUDED.until >= pause.until THEN EXCLUDED.reason ELSE pause.reason END", s -> {
            s.setString(1, api);
            s.setString(2, key);
            s.setTimestamp(3, Timestamp.from(until));
            s.setString(4, reason);
            s.executeUpdate();
            return null;
        });
    }

    /**
     * Holds one of the {@code atOnce} calls {@code api} allows {@code key} at the same time (Xero: 5 per practice),
     * for every replica and service; a slot not released within {@code hold} (its holder died) frees itself.
     *
     * @return the slot, or empty when all are held now
     */
    public Optional<Slot> holdSlot(String api, String key, int atOnce, Duration hold) {
        String holder = UUID.randomUUID().toString();
        return isolation.call(() -> {
            statement("INSERT INTO " + SCHEMA + ".slot (api, budget_key, number) SELECT ?, ?, g"
                    + " FROM generate_series(1, ?) g ON CONFLICT DO NOTHING", s -> {
                s.setString(1, api);
                s.setString(2, key);
                s.setInt(3, atOnce);
                return s.executeUpdate();
            });
            return statement("UPDATE " + SCHEMA + ".slot s SET holder = ?, held_until = now() + make_interval(secs => ?)"
                    + " WHERE (s.api, s.budget_key, s.number) = (SELECT api, budget_key, number FROM " + SCHEMA + ".slot"
                    + "   WHERE api = ? AND budget_key = ? AND number <= ? AND held_until < now()"
                    + "   ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING s.number", s -> {
                s.setString(1, holder);
                s.setDouble(2, hold.toMillis() / 1000.0);
                s.setString(3, api);
                s.setString(4, key);
                s.setInt(5, atOnce);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(new Slot(api, key, rows.getInt(1), holder)) : Optional.<Slot>empty();
                }
            });
        });
    }

    /** Frees a slot held with {@link #holdSlot}. */
    public void release(Slot slot) {
        sql("UPDATE " + SCHEMA + ".slot SET holder = NULL, held_until = 'epoch' WHERE api = ? AND budget_key = ?"
                + " AND number = ? AND holder = ?", s -> {
            s.setString(1, slot.api());
            s.setString(2, slot.key());
            s.setInt(3, slot.number());
            s.setString(4, slot.holder());
            return s.executeUpdate();
        });
    }

    /** The pause of {@code api} for {@code key} in force now, if any. */
    public Optional<Pause> pause(String api, String key) {
        return sql("SELECT until, reason FROM " + SCHEMA + ".pause WHERE api = ? AND budget_key = ? AND until > now()",
                s -> {
                    s.setString(1, api);
                    s.setString(2, key);
                    try (ResultSet rows = s.executeQuery()) {
                        return rows.next() ? Optional.of(new Pause(rows.getTimestamp(1).toInstant(), rows.getString(2)))
                                : Optional.<Pause>empty();
                    }
                });
    }

    private Optional<Duration> pausedFor(String api, String key) {
        return pause(api, key).map(p -> Duration.between(Instant.now(), p.until())).filter(d -> !d.isNegative());
    }

    private static String id(String api, String key, List<Allowance> allowances) {
        return api + ":" + key + ":" + allowances.stream().map(Allowance::fingerprint).collect(Collectors.joining(","));
    }

    private static BucketConfiguration configuration(List<Allowance> allowances) {
        if (allowances.isEmpty()) {
            throw new IllegalArgumentException("an API budget needs at least one allowance");
        }
        ConfigurationBuilder builder = BucketConfiguration.builder();
        allowances.forEach(a -> builder.addLimit(a.bandwidth()));
        return builder.build();
    }

    private void install() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean schemaExists;
            try (var r = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + SCHEMA + "'")) {
                schemaExists = r.next();
            }
            if (!schemaExists) {
                // made beforehand where services have roles of their own (they may not create schemas)
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".bucket (id VARCHAR(300) PRIMARY KEY, state BYTEA)");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".slot (api VARCHAR(50) NOT NULL,"
                    + " budget_key VARCHAR(200) NOT NULL, number INT NOT NULL, holder VARCHAR(60),"
                    + " held_until TIMESTAMPTZ NOT NULL DEFAULT 'epoch', PRIMARY KEY (api, budget_key, number))");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".pause (api VARCHAR(50) NOT NULL,"
                    + " budget_key VARCHAR(200) NOT NULL, until TIMESTAMPTZ NOT NULL, reason TEXT,"
                    + " PRIMARY KEY (api, budget_key))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState())) {
                return; // another replica created them at the same moment
            }
            throw new IllegalStateException("cannot create the API budget tables in schema " + SCHEMA + ": "
                    + e.getMessage(), e);
        }
    }

    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T sql(String sql, Work<T> work) {
        return isolation.call(() -> statement(sql, work));
    }

    private <T> T statement(String sql, Work<T> work) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            T result = work.run(s);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("API budget: " + e.getMessage(), e);
        }
    }
}
