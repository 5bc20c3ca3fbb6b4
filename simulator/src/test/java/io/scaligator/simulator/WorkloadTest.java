package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void addedPodsAreReadyAfterTheStartupDelay() {
        Workload w = new Workload(2, 60);
        w.scaleTo(5, 100);
        assertThat(w.replicas()).isEqualTo(5);
        assertThat(w.ready(159)).isEqualTo(2);
        assertThat(w.ready(160)).isEqualTo(5);
    }

    @Test
    void scaleDownRemovesNotYetReadyPodsFirstAndAtOnce() {
        Workload w = new Workload(3, 60);
        w.scaleTo(5, 0);
        w.scaleTo(4, 10);
        assertThat(w.ready(10)).isEqualTo(3);
        w.scaleTo(2, 20);
        assertThat(w.ready(20)).isEqualTo(2);
        assertThat(w.ready(1000)).isEqualTo(2);
    }

    @Test
    void everyChangeIsOneCommand() {
        Workload w = new Workload(2, 0);
        w.scaleTo(2, 0);
        w.scaleTo(7, 1);
        w.scaleTo(3, 2);
        assertThat(w.commands()).isEqualTo(2);
        assertThat(w.replicas()).isEqualTo(3);
    }
}
