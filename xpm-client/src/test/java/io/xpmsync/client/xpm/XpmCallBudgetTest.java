package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmBudgetExhaustedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XpmCallBudgetTest {

    @Test
    void aShareOfXerosLimitsRoundsDownButNeverToNothing() {
        XpmCallBudget forty = XpmCallBudget.share(0.4);
        assertThat(forty.perMinute()).isEqualTo(24);
        assertThat(forty.perDay()).isEqualTo(2000);
        assertThat(forty.concurrent()).isEqualTo(2);
        XpmCallBudget tiny = XpmCallBudget.share(0.01);
        assertThat(tiny.perMinute()).isEqualTo(1);
        assertThat(tiny.concurrent()).isEqualTo(1);
        assertThatThrownBy(() -> XpmCallBudget.share(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBurstIsSmallSoNoMinuteEverExceedsTheShare() {
        XpmCallBudget budget = new XpmCallBudget(12, 1000, 5);
        budget.acquire("t", Duration.ZERO).close();
        budget.acquire("t", Duration.ZERO).close();
        assertThatThrownBy(() -> budget.acquire("t", Duration.ZERO))
                .isInstanceOf(XpmBudgetExhaustedException.class).hasMessageContaining("12 a minute");
        assertThat(budget.usedToday("t")).isEqualTo(2);
        budget.acquire("other tenant", Duration.ZERO).close();
    }

    @Test
    void theDaysShareEndsUntilMidnightUtc() {
        XpmCallBudget budget = new XpmCallBudget(60, 2, 5);
        budget.acquire("t", Duration.ZERO).close();
        budget.acquire("t", Duration.ZERO).close();
        assertThat(budget.remainingToday("t")).isZero();
        assertThatThrownBy(() -> budget.acquire("t", Duration.ofHours(1)))
                .isInstanceOfSatisfying(XpmBudgetExhaustedException.class,
                        e -> assertThat(e.availableAt()).isAfter(Instant.now()));
    }

    @Test
    void concurrencyIsCappedUntilACallEnds() {
        XpmCallBudget budget = new XpmCallBudget(60, 100, 1);
        XpmCallBudget.Permit first = budget.acquire("t", Duration.ZERO);
        assertThatThrownBy(() -> budget.acquire("t", Duration.ofMillis(1)))
                .isInstanceOf(XpmBudgetExhaustedException.class).hasMessageContaining("at once");
        first.close();
        budget.acquire("t", Duration.ZERO).close();
    }

    @Test
    void retryAfterPausesThePractice() {
        XpmCallBudget budget = new XpmCallBudget(60, 100, 5);
        budget.pause("t", Duration.ofMinutes(1));
        assertThatThrownBy(() -> budget.acquire("t", Duration.ofMillis(10)))
                .isInstanceOf(XpmBudgetExhaustedException.class);
    }
}
