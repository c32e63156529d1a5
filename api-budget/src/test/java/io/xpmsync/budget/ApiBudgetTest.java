package io.xpmsync.budget;

import io.xpmsync.infra.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared budgets on a real PostgreSQL, with two instances standing for two replicas. */
class ApiBudgetTest {

    private static final List<Allowance> KARBON = List.of(Allowance.perMinute(120));

    private static LocalPostgres postgres;
    private static ApiBudget replicaA;
    private static ApiBudget replicaB;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.startTemporary();
        DataSource dataSource = postgres.dataSource();
        replicaA = new ApiBudget(dataSource);
        replicaB = new ApiBudget(dataSource);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void anAllowanceStaysInsideTheApisCountInEveryWindow() {
        for (long calls : new long[]{2, 60, 120, 5000, 100_000}) {
            Allowance allowance = Allowance.perMinute(calls);
            assertThat(allowance.burst()).isPositive();
            assertThat(allowance.burst() + (calls - allowance.burst())).isEqualTo(calls);
        }
    }

    @Test
    void theBurstIsGrantedAndThenCallsWaitForTheRefill() {
        String firm = firm();
        for (int i = 0; i < 10; i++) {
            assertThat(replicaA.take("karbon", firm, KARBON)).as("call %d", i + 1).isEmpty();
        }
        Optional<Duration> wait = replicaA.take("karbon", firm, KARBON);
        assertThat(wait).isPresent();
        assertThat(wait.get()).isBetween(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(replicaA.waitBefore("karbon", firm, KARBON)).isPresent();
    }

    @Test
    void replicasShareOneAllowance() {
        String firm = firm();
        for (int i = 0; i < 5; i++) {
            assertThat(replicaA.take("karbon", firm, KARBON)).isEmpty();
            assertThat(replicaB.take("karbon", firm, KARBON)).isEmpty();
        }
        assertThat(replicaB.take("karbon", firm, KARBON)).as("the eleventh call, from either replica").isPresent();
        assertThat(replicaA.take("karbon", firm(), KARBON)).as("another firm is not touched").isEmpty();
    }

    @Test
    void aPauseHoldsEveryReplicaAndOnlyThatFirmAndApi() {
        String firm = firm();
        replicaA.pause("karbon", firm, Duration.ofSeconds(30), "Karbon answered 429");
        Optional<Duration> wait = replicaB.take("karbon", firm, KARBON);
        assertThat(wait).isPresent();
        assertThat(wait.get()).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30));
        assertThat(replicaB.pause("karbon", firm)).get().extracting(ApiBudget.Pause::reason)
                .isEqualTo("Karbon answered 429");
        assertThat(replicaB.take("xpm", firm, KARBON)).as("another API").isEmpty();
        assertThat(replicaB.take("karbon", firm(), KARBON)).as("another firm").isEmpty();

        replicaB.pause("karbon", firm, Duration.ofSeconds(5), "a shorter pause");
        assertThat(replicaA.pause("karbon", firm)).get().extracting(ApiBudget.Pause::reason)
                .as("a longer pause already in place stays").isEqualTo("Karbon answered 429");
    }

    @Test
    void atMostTheAllowedCallsAreHeldAtOnceAcrossReplicasAndAForgottenSlotFreesItself() {
        String practice = firm();
        ApiBudget.Slot first = replicaA.holdSlot("xpm", practice, 2, Duration.ofSeconds(30)).orElseThrow();
        ApiBudget.Slot second = replicaB.holdSlot("xpm", practice, 2, Duration.ofMillis(300)).orElseThrow();
        assertThat(first.number()).isNotEqualTo(second.number());
        assertThat(replicaA.holdSlot("xpm", practice, 2, Duration.ofSeconds(30))).as("a third at once").isEmpty();
        assertThat(replicaA.holdSlot("xpm", firm(), 2, Duration.ofSeconds(30))).as("another practice").isPresent();

        replicaA.release(first);
        ApiBudget.Slot again = replicaB.holdSlot("xpm", practice, 2, Duration.ofSeconds(30)).orElseThrow();
        assertThat(again.number()).isEqualTo(first.number());

        await().atMost(Duration.ofSeconds(5)).alias("the slot whose holder never released it frees itself after its hold")
                .until(() -> replicaA.holdSlot("xpm", practice, 2, Duration.ofSeconds(30)).isPresent());
    }

    private static String firm() {
        return "firm-" + UUID.randomUUID();
    }
}
