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
        // a burst of a twelfth of the minute's allowance (10 for 120 a minute), then only what refills meanwhile
        Burst burst = burst(pusher, poller, practice);
        assertThat(burst.taken()).isBetween(10, 10 + burst.refilledAtMost(110));
        assertThat(burst.refusal()).contains("120 a minute");
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

    @Test
    void aPracticeOnAnotherPlanHasItsOwnLimitsWhichBothInstancesKeep() {
        String bigPractice = practice();
        String other = practice();
        XpmAllowance.Plans plans = XpmAllowance.Plans.parse(LIMITS, " " + bigPractice.toUpperCase() + " = 240/20000/3 ,");
        assertThat(plans.of(bigPractice)).isEqualTo(new XpmAllowance.Limits(240, 20_000, 3));
        assertThat(plans.of(other)).isEqualTo(LIMITS);
        DataSource dataSource = postgres.dataSource();
        XpmAllowance a = new XpmAllowance(new ApiBudget(dataSource), plans, Duration.ofSeconds(30));
        XpmAllowance b = new XpmAllowance(new ApiBudget(dataSource), plans, Duration.ofSeconds(30));
        // a burst of a twelfth of the minute's allowance at once: 20 calls for 240 a minute (10 for 120)
        Burst burst = burst(a, b, bigPractice);
        assertThat(burst.taken()).isBetween(20, 20 + burst.refilledAtMost(220));
        assertThat(burst.refusal()).contains("240 a minute");
        List<XpmCallGate.Permit> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(b.acquire(other, Duration.ZERO));
            held.remove(0).close();
        }
        held.forEach(XpmCallGate.Permit::close);
    }

    @Test
    void plansThatCannotBeReadAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> XpmAllowance.Plans.parse(LIMITS, "abc=60/5000"))
                .hasMessageContaining("perMinute/perDay/atOnce").hasMessageContaining("60/5000");
        assertThatThrownBy(() -> XpmAllowance.Plans.parse(LIMITS, "60/5000/5"))
                .hasMessageContaining("tenantId=perMinute/perDay/atOnce");
        assertThatThrownBy(() -> XpmAllowance.Plans.parse(LIMITS, "a=60/x/5"))
                .hasMessageContaining("three whole numbers");
        assertThatThrownBy(() -> XpmAllowance.Plans.parse(LIMITS, "a=60/5000/5,A=60/5000/5"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> XpmAllowance.Plans.parse(LIMITS, "a=1/5000/5"))
                .hasMessageContaining("at least 2 calls a minute");
    }

    /** Calls taken in turns by two instances until one is refused, and how long that took. */
    private record Burst(int taken, String refusal, Duration took) {
        /** The most calls a refill of {@code perMinute} can have added while the burst was taken (and one more). */
        int refilledAtMost(int perMinute) {
            return (int) Math.ceil(perMinute * took.toNanos() / 60e9) + 1;
        }
    }

    private static Burst burst(XpmAllowance a, XpmAllowance b, String practice) {
        long start = System.nanoTime();
        int taken = 0;
        String refusal = null;
        while (taken < 500 && refusal == null) {
            try {
                (taken % 2 == 0 ? a : b).acquire(practice, Duration.ZERO).close();
                taken++;
            } catch (XpmBudgetExhaustedException e) {
                refusal = e.getMessage();
            }
        }
        return new Burst(taken, refusal, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String practice() {
        return UUID.randomUUID().toString();
    }
}
