package io.scaligator.poller.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CycleSchedulerTest {

    @Test
    void aCycleWithinItsIntervalIsFollowedByTheNextTick() {
        assertThat(CycleScheduler.next(1_000, 1_400, 1_000)).isEqualTo(new CycleScheduler.Next(2_000, 0));
    }

    @Test
    void aCycleEndingExactlyOnTheNextTickSkipsNothing() {
        assertThat(CycleScheduler.next(1_000, 2_000, 1_000)).isEqualTo(new CycleScheduler.Next(2_000, 0));
    }

    @Test
    void anOverrunningCycleSkipsTheMissedTicksInsteadOfQueueingThem() {
        assertThat(CycleScheduler.next(1_000, 3_500, 1_000)).isEqualTo(new CycleScheduler.Next(4_000, 2));
    }
}
