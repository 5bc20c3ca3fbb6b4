package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OracleTest {

    @Test
    void replicasAreCeilOfDemandOverTargetAndNeverBelowMin() {
        Oracle oracle = new Oracle(0.7, 2);
        assertThat(oracle.replicasFor(7.0)).isEqualTo(10);
        assertThat(oracle.replicasFor(7.01)).isEqualTo(11);
        assertThat(oracle.replicasFor(0)).isEqualTo(2);
    }

    @Test
    void followsInterpolatedDemandWithoutDelayOnAHandCheckedTrace() {
        // demand 7 for 60 s, then rising linearly to 14 over 60 s; scale 1, target 0.7:
        // first minute 10 pods x 60 s = 600; second minute at second s: ceil(10 + s/6) = 10 + ceil(s/6) for s >= 1,
        // 10 at s = 0: 600 + (6 x (1 + ... + 9) + 5 x 10) = 920. Total 1520 pod-seconds = 0.422 h
        Trace trace = Trace.parse(
                "tiny", "time,value\n2026-01-01T00:00:00Z,7\n2026-01-01T00:01:00Z,7\n" + "2026-01-01T00:02:00Z,14\n");
        SimulationSettings settings = SimulationSettings.read(Map.of("scale", 1.0), Map.of());
        Run run = Run.of("oracle", new Oracle(0.7, 1), new Workload(10, 0), trace, 1.0, settings, 60);
        assertThat(run.replicaSeconds).isEqualTo(1520);
        assertThat(run.saturatedSeconds).isZero();
        assertThat(run.unserved).isZero();
        assertThat(run.maxReplicas).isEqualTo(20); // ceil(13.883 / 0.7) at the last simulated second
        assertThat(run.commands).isEqualTo(10); // 10 -> 11 -> ... -> 20, one change per step
    }

    @Test
    void demandAboveReadyCapacityIsSaturatedTimeAndUnservedDemand() {
        // demand rising from 5 to 15 over 60 s against 10 pods that never change: d = 5 + s/6 > 10 for s = 31..59,
        // 29 s saturated; unserved = sum(s/6 - 5) = 1305/6 - 145 = 72.5; all demand = 300 + 1770/6 = 595
        Trace trace = Trace.parse("ramp", "time,value\n2026-01-01T00:00:00Z,5\n2026-01-01T00:01:00Z,15\n");
        SimulationSettings settings = SimulationSettings.read(Map.of("scale", 1.0), Map.of());
        Autoscaler never = (second, sensor, workload) -> {};
        Run run = Run.of("static", never, new Workload(10, 0), trace, 1.0, settings, 60);
        assertThat(run.saturatedSeconds).isEqualTo(29);
        assertThat(run.unserved).isCloseTo(72.5, offset(1e-9));
        assertThat(run.demand).isCloseTo(595, offset(1e-9));
        assertThat(run.replicaSeconds).isEqualTo(600);
    }
}
