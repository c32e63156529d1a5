package io.xpmsync.client.xpm;

import io.xpmsync.budget.ApiBudget;
import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import io.xpmsync.infra.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One practice's XPM allowance spent by two instances (two replicas, or connector-service and push-service). */
class XpmAllowanceTest {

    private static final XpmAllowance.Limits LIMITS = new XpmAllowance.Limits(120, 10_000, 2);

    private static LocalPostgres postgres;
    private static XpmAllowance pusher;
    private static XpmAllowance poller;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.startTemporary();
        DataSource dataSource = postgres.dataSource();
        pusher = new XpmAllowance(new ApiBudget(dataSource), LIMITS, Duration.ofSeconds(30));
        poller = new XpmAllowance(new ApiBudget(dataSource), LIMITS, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void bothInstancesSpendOneMinuteAllowance() {
        String practice = practice();
        for (int i = 0; i < 5; i++) {
            pusher.acquire(practice, Duration.ZERO).close();
            poller.acquire(practice, Duration.ZERO).close();
        }
        assertThatThrownBy(() -> pusher.acquire(practice, Duration.ZERO))
                .isInstanceOf(XpmBudgetExhaustedException.class).hasMessageContaining("120 a minute");
        pusher.acquire(practice(), Duration.ZERO).close();
    }

    @Test
    void noMoreCallsAtOnceThanXeroAllowsAcrossInstances() {
        String practice = practice();
        List<XpmCallGate.Permit> held = new ArrayList<>();
        held.add(pusher.acquire(practice, Duration.ZERO));
        held.add(poller.acquire(practice, Duration.ZERO));
        assertThatThrownBy(() -> pusher.acquire(practice, Duration.ofMillis(100)))
                .isInstanceOf(XpmBudgetExhaustedException.class).hasMessageContaining("2 XPM calls at once");
        held.remove(0).close();
        pusher.acquire(practice, Duration.ofMillis(100)).close();
        held.forEach(XpmCallGate.Permit::close);
    }

    @Test
    void a429PausesThePracticeForEveryInstanceAndSaysWhy() {
        String practice = practice();
        poller.pause(practice, Duration.ofMinutes(30));
        assertThatThrownBy(() -> pusher.acquire(practice, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(XpmBudgetExhaustedException.class, e -> {
                    assertThat(e.getMessage()).contains("429");
                    assertThat(e.availableAt()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(29)));
                });
        assertThat(pusher.pause(practice)).isPresent();
    }

    private static String practice() {
        return UUID.randomUUID().toString();
    }
}
