package io.scaligator.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.util.Sha256;
import io.scaligator.engine.core.DecisionCore;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link DecisionCore#SEMANTICS} honest: {@code audit verify} re-runs only the decisions its own engine
 * semantics made, so any change to what the engine writes on the same inputs (a rule, a reason's text, an id) must
 * raise it. The decisions and commands of {@link DeterminismTest}'s fixed day are hashed and compared with the hash
 * recorded for the current semantics.
 */
class SemanticsTest {

    /** The hash of the fixed day's decisions and commands under each semantics. */
    private static final Map<Integer, String> RECORDED =
            Map.of(1, "6125fa260d58e5e9f0d4838c414da190", 2, "aa49a6831a387ff59fc545b39f85e5da");

    @Test
    void theEngineDecidesTheFixedDayAsItsSemanticsRecorded() throws Exception {
        DeterminismTest.Run run = DeterminismTest.run(DeterminismTest.inputs());
        String hash = Sha256.hex(concat(run.decisions(), run.commands()), 16);

        assertThat(hash)
                .as(
                        "the engine's decisions on DeterminismTest's fixed day changed (semantics %d recorded %s): if "
                                + "the change is meant, raise DecisionCore.SEMANTICS and record %s under it here",
                        DecisionCore.SEMANTICS, RECORDED.get(DecisionCore.SEMANTICS), hash)
                .isEqualTo(RECORDED.get(DecisionCore.SEMANTICS));
    }

    private static byte[] concat(List<byte[]> decisions, List<byte[]> commands) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        decisions.forEach(all::writeBytes);
        commands.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
