package io.xpmsync.client.xpm;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.infra.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Xero's allowance of the app itself, 10,000 calls a minute across every practice, spent by every instance for every
 * practice: many practices together never get more than it, and a 429 for the app's minute holds them all. Each test
 * has a database of its own, since the app's pause holds every practice of the budget.
 */
class XpmAppAllowanceTest {

    private static final XpmAllowance.Plans PLANS = XpmAllowance.Plans.of(new XpmAllowance.Limits(600, 10_000, 5));

    private LocalPostgres postgres;
    private DataSource dataSource;

    @BeforeEach
    void start() {
        postgres = LocalPostgres.startTemporary();
        dataSource = postgres.dataSource();
    }

    @AfterEach
    void stop() {
        postgres.close();
    }

    @Test
    void practicesTogetherNeverGetMoreThanTheAppsMinute() {
        // 24 a minute for the app: a burst of 2 (a twelfth), then the refill; each practice alone could make 50
        XpmAllowance pusher = new XpmAllowance(new ApiBudget(dataSource), PLANS, 24, Duration.ofSeconds(30));
        XpmAllowance poller = new XpmAllowance(new ApiBudget(dataSource), PLANS, 24, Duration.ofSeconds(30));
        pusher.acquire(practice(), Duration.ZERO).close();
        poller.acquire(practice(), Duration.ZERO).close();
        assertThatThrownBy(() -> pusher.acquire(practice(), Duration.ZERO))
                .isInstanceOf(XpmBudgetExhaustedException.class)
                .hasMessageContaining("the app's XPM allowance across every practice (24 a minute)");
    }

    @Test
    void anAppMinute429HoldsEveryPracticeNotJustTheOneThatMetIt() {
        XpmAllowance pusher = new XpmAllowance(new ApiBudget(dataSource), PLANS, Duration.ofSeconds(30));
        XpmAllowance poller = new XpmAllowance(new ApiBudget(dataSource), PLANS, Duration.ofSeconds(30));
        String met = practice();
        String other = practice();
        poller.pause(met, Duration.ofMinutes(1), "appminute");
        assertThatThrownBy(() -> pusher.acquire(other, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(XpmBudgetExhaustedException.class, e -> {
                    assertThat(e.getMessage()).contains("the app's limit of XPM calls a minute is reached");
                    assertThat(e.availableAt()).isAfter(Instant.now().plusSeconds(50));
                });
        assertThat(pusher.pause(other)).hasValueSatisfying(p -> assertThat(p.reason()).contains("app's limit"));
    }

    @Test
    void aPracticesOwn429HoldsOnlyThatPractice() {
        XpmAllowance pusher = new XpmAllowance(new ApiBudget(dataSource), PLANS, Duration.ofSeconds(30));
        String met = practice();
        pusher.pause(met, Duration.ofMinutes(1), "minute");
        assertThatThrownBy(() -> pusher.acquire(met, Duration.ofMillis(50)))
                .isInstanceOf(XpmBudgetExhaustedException.class);
        pusher.acquire(practice(), Duration.ZERO).close();
        assertThat(pusher.pause(practice())).isEmpty();
    }

    @Test
    void anAppAllowanceThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new XpmAllowance(new ApiBudget(dataSource), PLANS, 1, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }

    private static String practice() {
        return UUID.randomUUID().toString();
    }
}
