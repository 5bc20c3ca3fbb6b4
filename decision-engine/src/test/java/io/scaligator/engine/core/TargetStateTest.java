package io.scaligator.engine.core;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.cpu;
import static io.scaligator.engine.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.event.TriggerDetails.TriggerAction;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetStateTest {

    private static final Policy POLICY = Fixtures.policy("""
            watch_namespaces = ["default"]
            [[alert_rules]]
            name = "x"
            match = { alertname = "X" }
            floor_add = 1
            """);

    @Test
    void aFloodOfAlertsAndTriggersIsRefusedAtTheBoundsAndTheStateStaysSmall() {
        DecisionCore core = new DecisionCore();
        TargetState state = core.evaluate(null, Signal.of(cpu("2026-11-30T10:00:00Z", 2, 0.5), "o", 0, 0), POLICY)
                .state();
        Instant t0 = Instant.parse("2026-11-30T10:00:01Z");
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            String at = t0.plusMillis(i).toString();
            Evaluation e = core.evaluate(
                    state,
                    Signal.of(
                            alert("a" + i, WEB, at, AlertStatus.FIRING, "fp" + i, at, Map.of("alertname", "X")),
                            "a",
                            0,
                            i),
                    POLICY);
            refused += e.decision().result() == Decision.Result.REFUSED ? 1 : 0;
            state = e.state();
            Evaluation t = core.evaluate(
                    state,
                    Signal.of(
                            trigger(
                                    "t" + i,
                                    WEB,
                                    at,
                                    new TriggerDetails(
                                            TriggerAction.SCALE_UP, null, 1, 600, "r".repeat(10_000), "source-" + i)),
                            "t",
                            0,
                            i),
                    POLICY);
            refused += t.decision().result() == Decision.Result.REFUSED ? 1 : 0;
            assertThat(t.decision().reason().length()).isLessThanOrEqualTo(Limits.REASON_CHARS);
            state = t.state();
        }
        assertThat(state.floors()).singleElement().satisfies(f -> assertThat(f.alerts())
                .hasSize(Limits.FLOOR_ALERTS));
        assertThat(state.triggers()).hasSize(Limits.TRIGGERS);
        assertThat(state.seenSignals()).hasSizeLessThanOrEqualTo(Limits.SEEN);
        assertThat(refused).isEqualTo(2 * 2_000 - Limits.FLOOR_ALERTS - Limits.TRIGGERS);
        assertThat(TargetStateCodec.encode(state).length).isLessThan(Limits.STATE_BYTES);
        state = core.evaluate(state, Signal.of(cpu("2026-11-30T11:00:00Z", 2, 0.5), "o", 0, 1), POLICY)
                .state();
        assertThat(state.recommendations()).hasSize(1);
        assertThat(state.triggers()).isEmpty();
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void theReadyCountAWindowedMetricSawIsTheHarmonicMeanOfTheReadyWindow() {
        DecisionCore core = new DecisionCore();
        TargetState s = core.evaluate(null, Signal.of(cpu("2026-11-30T10:00:00Z", 10, 0.5), "o", 0, 0), POLICY)
                .state();
        s = core.evaluate(s, Signal.of(cpu("2026-11-30T10:01:00Z", 20, 0.5), "o", 0, 1), POLICY)
                .state();
        // 10 ready, then 20, within the 2-minute window: a steady demand D showed D / 10, then D / 20, which
        // average D x 0.075; the latest count, 20, would take it for 1.5 D.
        assertThat(s.windowReady(POLICY.behavior().readyWindow())).isCloseTo(1 / 0.075, within(1e-9));
        s = core.evaluate(s, Signal.of(cpu("2026-11-30T10:03:30Z", 20, 0.5), "o", 0, 2), POLICY)
                .state();
        assertThat(s.windowReady(POLICY.behavior().readyWindow())).isEqualTo(20);
    }

    @Test
    void theCountObservedExactlyAReadyWindowAgoSettlesPodsButIsNoSampleOfTheWindow() {
        DecisionCore core = new DecisionCore();
        TargetState s = core.evaluate(null, Signal.of(cpu("2026-11-30T10:00:00Z", 10, 0.5), "o", 0, 0), POLICY)
                .state();
        s = core.evaluate(s, Signal.of(cpu("2026-11-30T10:02:00Z", 20, 0.5), "o", 0, 1), POLICY)
                .state();
        // 10 ready exactly 2 minutes ago: the 10 more have been ready for less than the window, so not settled; the
        // window's samples (after 10:00:00) all saw 20
        assertThat(s.settledReady()).isEqualTo(10);
        assertThat(s.windowReady(POLICY.behavior().readyWindow())).isEqualTo(20);
    }
}
