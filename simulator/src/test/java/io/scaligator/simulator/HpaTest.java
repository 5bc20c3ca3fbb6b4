package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per rule of the HPA algorithm as kubernetes.io documents it, on hand-checked numbers. */
class HpaTest {

    private static final double TARGET = 0.5;

    private static Hpa hpa(int min, int max) {
        // metric window 60 s, startup delay 60 s: not relevant to decide(), which gets the counted pods directly
        return new Hpa(0, TARGET, min, max, 60, 60);
    }

    @Test
    void desiredIsCeilOfCurrentTimesRatio() {
        // 10 pods at 80 % for a 50 % target: ceil(10 x 1.6) = 16
        assertThat(Hpa.replicasFor(10, 0.8, 10, 0, TARGET)).isEqualTo(16);
        // 10 pods at 20 %: ceil(10 x 0.4) = 4
        assertThat(Hpa.replicasFor(10, 0.2, 10, 0, TARGET)).isEqualTo(4);
    }

    @Test
    void noChangeWithinTheTolerance() {
        // ratio 1.08 and 0.92 are within 0.1 of 1: unchanged, although ceil(10 x 1.08) would be 11
        assertThat(Hpa.replicasFor(10, 0.54, 10, 0, TARGET)).isEqualTo(10);
        assertThat(Hpa.replicasFor(10, 0.46, 10, 0, TARGET)).isEqualTo(10);
        // ratio 1.12 is outside: ceil(11.2) = 12
        assertThat(Hpa.replicasFor(10, 0.56, 10, 0, TARGET)).isEqualTo(12);
    }

    @Test
    void unreadyPodsCountAsZeroWhenScalingUp() {
        // 8 counted pods at 100 % (ratio 2), 2 not ready: 0 % for them, ratio 2 x 8 / 10 = 1.6, ceil(1.6 x 10) = 16
        assertThat(Hpa.replicasFor(10, 1.0, 8, 2, TARGET)).isEqualTo(16);
    }

    @Test
    void unreadyPodsThatReverseTheDirectionMeanNoChange() {
        // 4 counted pods at 60 % (ratio 1.2), 6 not ready: 1.2 x 4 / 10 = 0.48 < 1 would reverse the direction
        assertThat(Hpa.replicasFor(10, 0.6, 4, 6, TARGET)).isEqualTo(10);
        // 9 counted at 60 % (1.2), 1 not ready: 1.2 x 9 / 10 = 1.08 is within the tolerance: no change
        assertThat(Hpa.replicasFor(10, 0.6, 9, 1, TARGET)).isEqualTo(10);
    }

    @Test
    void unreadyPodsAreIgnoredWhenScalingDown() {
        // 6 counted at 25 % (ratio 0.5), 4 not ready: the ratio over the counted pods alone, ceil(0.5 x 6) = 3
        assertThat(Hpa.replicasFor(10, 0.25, 6, 4, TARGET)).isEqualTo(3);
    }

    @Test
    void scaleUpRateIsTheLargerOfDoublingAndFourPods() {
        // 2 pods, utilization far above target: +4 pods (6) beats +100 % (4)
        assertThat(hpa(1, 100).decide(0, 2, 1.0, 2)).isEqualTo(4); // ratio 2 -> 4 wanted, within both
        Hpa small = new Hpa(0, 0.1, 1, 100, 60, 60);
        assertThat(small.decide(0, 2, 1.0, 2)).isEqualTo(6);
        // 10 pods: +100 % (20) beats +4 (14)
        Hpa large = new Hpa(0, 0.1, 1, 100, 60, 60);
        assertThat(large.decide(0, 10, 1.0, 10)).isEqualTo(20);
    }

    @Test
    void scaleUpRateCountsFromTheReplicasAtThePeriodStart() {
        Hpa hpa = new Hpa(0, 0.1, 1, 1000, 60, 60);
        assertThat(hpa.decide(0, 10, 1.0, 10)).isEqualTo(20);
        // 10 s later, inside the 15 s period that started at 10 replicas: at most 20, so nothing more
        assertThat(hpa.decide(10, 20, 1.0, 20)).isEqualTo(20);
        // 15 s after the first change the period holds no event any more: doubling again
        assertThat(hpa.decide(15, 20, 1.0, 20)).isEqualTo(40);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        Hpa hpa = hpa(1, 100);
        assertThat(hpa.decide(0, 10, 0.5, 10)).isEqualTo(10); // on target: recommendation 10
        // utilization halves: recommendation 5, but 10 was recommended within the last 300 s
        assertThat(hpa.decide(15, 10, 0.25, 10)).isEqualTo(10);
        assertThat(hpa.decide(285, 10, 0.25, 10)).isEqualTo(10);
        // at 300 s the recommendation of 0 s has left the window: the highest left is 5, and 100 %/15 s allows it
        assertThat(hpa.decide(300, 10, 0.25, 10)).isEqualTo(5);
    }

    @Test
    void scaleUpIsNotStabilized() {
        Hpa hpa = hpa(1, 100);
        assertThat(hpa.decide(0, 10, 0.5, 10)).isEqualTo(10);
        assertThat(hpa.decide(15, 10, 0.25, 10)).isEqualTo(10); // recommendation 5, held by the down window
        assertThat(hpa.decide(30, 10, 1.0, 10)).isEqualTo(20); // up at once: the up window is 0 s
    }

    @Test
    void scaleDownRateAllowsRemovingAllAboveMinAtOnce() {
        Hpa hpa = hpa(2, 100);
        // the first sync has no earlier recommendation: 20 pods at 1 % -> ceil(0.02 x 20) = 1, raised to min 2
        assertThat(hpa.decide(0, 20, 0.01, 20)).isEqualTo(2);
    }

    @Test
    void resultStaysWithinMinAndMax() {
        assertThat(hpa(1, 12).decide(0, 10, 1.0, 10)).isEqualTo(12);
        assertThat(hpa(3, 100).decide(0, 10, 0.05, 10)).isEqualTo(3);
        // a count outside the bounds is brought inside whatever the metric says
        assertThat(hpa(1, 8).decide(0, 10, 0.5, 10)).isEqualTo(8);
        assertThat(hpa(4, 100).decide(0, 2, 0.5, 2)).isEqualTo(4);
    }

    @Test
    void podsReadyForLessThanAMetricWindowAreNotCountedOnTick() {
        // metric window 60 s, startup delay 60 s: a pod started at 0 is ready at 60 and counted from 120
        Hpa hpa = new Hpa(0, 0.5, 1, 100, 60, 60);
        Workload workload = new Workload(2, 60);
        workload.scaleTo(4, 0);
        Sensor sensor = new Sensor(1);
        sensor.advance(4.0);
        sensor.scrape(4); // 4 ready pods' worth of load at 100 %
        // at 105 s: 2 counted pods at 100 % (ratio 2), 2 not counted -> 2 x 2 / 4 = 1 -> no change
        hpa.tick(105, sensor, workload);
        assertThat(workload.replicas()).isEqualTo(4);
        // at 120 s all 4 count: ratio 2 -> 8
        hpa.tick(120, sensor, workload);
        assertThat(workload.replicas()).isEqualTo(8);
    }
}
