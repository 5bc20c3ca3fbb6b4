package io.scaligator.engine.topology;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The engine's state checkpoints: when they are written, what they hold, and their versioned format. */
class CheckpointTest {

    private static final Policy POLICY = Fixtures.policy("watch_namespaces = [\"default\"]\n");
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void theFirstDecisionOfEachIntervalIsPrecededByTheStateItsInputWasAppliedTo() throws Exception {
        String[] times = {"10:00", "10:20", "10:40", "11:00", "11:20", "12:40"};
        List<TargetState> after = new ArrayList<>();
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            for (int i = 0; i < times.length; i++) {
                h.send(observation(WEB, "2026-11-30T" + times[i] + ":00Z", 2 + i, Map.of("cpu", 0.95), Map.of(), null));
                after.add(h.driver
                        .<String, TargetState>getKeyValueStore(EngineTopology.STATE_STORE)
                        .get(WEB.key()));
            }
            List<Decision> decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            List<TestRecord<String, byte[]>> records = h.checkpoints.readRecordsToList();

            assertThat(records).extracting(TestRecord::key).containsOnly(WEB.key());
            List<Checkpoint> checkpoints =
                    records.stream().map(r -> CheckpointCodec.decode(r.value())).toList();
            // one per hour of record time: 10:00 (a new target: empty state), 11:00, 12:40
            assertThat(checkpoints)
                    .extracting(Checkpoint::at)
                    .containsExactly(AT, Instant.parse("2026-11-30T11:00:00Z"), Instant.parse("2026-11-30T12:40:00Z"));
            assertThat(checkpoints)
                    .extracting(Checkpoint::state)
                    .containsExactly(TargetState.empty(), after.get(2), after.get(4));
            int[] inputs = {0, 3, 5};
            for (int i = 0; i < inputs.length; i++) {
                Decision decision = decisions.get(inputs[i]);
                assertThat(checkpoints.get(i).decisionId()).isEqualTo(decision.id());
                assertThat(checkpoints.get(i).input()).isEqualTo(decision.input());
                assertThat(checkpoints.get(i).policyVersion()).isEqualTo(POLICY.version());
                assertThat(records.get(i).getRecordTime()).isEqualTo(decision.decidedAt());
            }
        }
    }

    @Test
    void aCheckpointRoundTripsThroughItsVersionedFormat() {
        Checkpoint checkpoint = new Checkpoint(
                WEB.key(),
                TargetStateCodecTest.full(),
                new InputRef("p.observations", 2, 41, "obs-1", "Observation"),
                "dec-p.observations-2@41",
                "abc123",
                AT);

        byte[] bytes = CheckpointCodec.encode(checkpoint);

        assertThat(bytes[0]).isEqualTo(CheckpointCodec.VERSION);
        assertThat(CheckpointCodec.decode(bytes)).isEqualTo(checkpoint);
        byte[] state = TargetStateCodec.encode(checkpoint.state());
        assertThat(Arrays.copyOfRange(bytes, bytes.length - state.length, bytes.length))
                .as("the state is kept as the store writes it")
                .isEqualTo(state);
    }

    @Test
    void anUnknownVersionOrDamagedBytesFailSayingWhat() {
        byte[] bytes = CheckpointCodec.encode(new Checkpoint(
                WEB.key(), TargetState.empty(), new InputRef("p.alerts", 0, 0, "a-1", "AlertSignal"), "d", "v", AT));
        byte[] newer = bytes.clone();
        newer[0] = 9;

        assertThatThrownBy(() -> CheckpointCodec.decode(newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown checkpoint format version 9")
                .hasMessageContaining("newer engine");
        assertThatThrownBy(() -> CheckpointCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt checkpoint");
        assertThatThrownBy(() -> CheckpointCodec.decode(Arrays.copyOf(bytes, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoint truncated");
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty checkpoint");
    }
}
