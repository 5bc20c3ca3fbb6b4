package io.scaligator.engine.core;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.cpu;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetStateTest {

    @Test
    void stateStaysBoundedUnderAFloodOfSignalsAndOldHistoryIsPruned() {
        Policy policy = Fixtures.policy("watch_namespaces = [\"default\"]\n");
        DecisionCore core = new DecisionCore();
        TargetState state = core.evaluate(null, Signal.of(cpu("2026-11-30T10:00:00Z", 2, 0.5), "o", 0, 0), policy)
                .state();
        Instant t0 = Instant.parse("2026-11-30T10:00:01Z");
        for (int i = 0; i < 2_000; i++) {
            String at = t0.plusMillis(i).toString();
            state = core.evaluate(state, Signal.of(alert("a" + i, WEB, at, AlertStatus.FIRING, "fp" + i, at,
                    Map.of("alertname", "X")), "a", 0, i), policy).state();
        }
        assertThat(state.seenSignals()).hasSize(TargetState.SEEN_LIMIT);
        assertThat(state.seenSignals()).last().asString().contains("fp1999");
        state = core.evaluate(state, Signal.of(cpu("2026-11-30T11:00:00Z", 2, 0.5), "o", 0, 1), policy).state();
        assertThat(state.recommendations()).hasSize(1);
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(state))).isEqualTo(state);
    }
}
