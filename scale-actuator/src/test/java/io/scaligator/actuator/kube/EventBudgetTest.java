package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** client-go's spam filter arithmetic: a burst, then one write per refill interval, per key. */
class EventBudgetTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aBurstIsFreeThenEachWriteWaitsForItsToken() {
        EventBudget<String> budget = new EventBudget<>(3, MINUTE, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.availableAt("web", T0)).isEqualTo(T0);
            budget.spend("web", T0);
        }

        assertThat(budget.availableAt("web", T0)).isEqualTo(T0.plus(MINUTE));
        assertThat(budget.availableAt("web", T0.plusSeconds(45))).isEqualTo(T0.plus(MINUTE));
        assertThat(budget.availableAt("web", T0.plus(MINUTE))).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void tokensRefillOverTimeButNeverBeyondTheBurst() {
        EventBudget<String> budget = new EventBudget<>(2, MINUTE, 100);
        budget.spend("web", T0);
        budget.spend("web", T0);
        Instant muchLater = T0.plus(Duration.ofHours(1));

        budget.spend("web", muchLater);
        budget.spend("web", muchLater);

        assertThat(budget.availableAt("web", muchLater)).isEqualTo(muchLater.plus(MINUTE));
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        EventBudget<String> budget = new EventBudget<>(1, MINUTE, 100);
        budget.spend("web", T0);

        assertThat(budget.availableAt("web", T0)).isEqualTo(T0.plus(MINUTE));
        assertThat(budget.availableAt("api", T0)).isEqualTo(T0);
    }

    @Test
    void theLeastRecentlyUsedKeyIsForgottenAndStartsAgainWithAFullBucket() {
        EventBudget<String> budget = new EventBudget<>(1, MINUTE, 2);
        budget.spend("web", T0);
        budget.spend("api", T0);
        budget.spend("db", T0);

        assertThat(budget.availableAt("web", T0)).isEqualTo(T0);
        assertThat(budget.availableAt("db", T0)).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void clientGosDefaultsAreABurstOf25ThenOnePerFiveMinutes() {
        EventBudget<String> budget = EventBudget.clientGo(100);
        for (int i = 0; i < 25; i++) {
            budget.spend("web", T0);
        }

        assertThat(budget.availableAt("web", T0)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void refusesABudgetThatWouldNeverAllowAWrite() {
        assertThatThrownBy(() -> new EventBudget<String>(0, MINUTE, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> new EventBudget<String>(1, Duration.ZERO, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refill");
    }
}
