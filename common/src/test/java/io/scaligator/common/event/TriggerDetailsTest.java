package io.scaligator.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.event.TriggerDetails.TriggerAction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerDetailsTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(TriggerAction.SCALE_TO, -1, null, null, "scale_to needs replicas from 0 to 10000"),
                Arguments.of(TriggerAction.SCALE_TO, 10_001, null, null, "scale_to needs replicas from 0 to 10000"),
                Arguments.of(TriggerAction.SCALE_UP, null, 0, null, "need step from 1 to 10000"),
                Arguments.of(TriggerAction.SCALE_DOWN, null, 10_001, null, "need step from 1 to 10000"),
                Arguments.of(TriggerAction.HOLD, 2, null, null, "hold takes neither replicas nor step"),
                Arguments.of(TriggerAction.CANCEL, null, null, null, "cancels (the id of the trigger to cancel)"),
                Arguments.of(TriggerAction.SCALE_TO, 3, null, "tr-1", "cancels (the id of the trigger to cancel)"));
    }

    @ParameterizedTest(name = "{0} replicas={1} step={2} cancels={3}")
    @MethodSource("invalid")
    void amountsAreBoundedAndCancelNamesItsTrigger(
            TriggerAction action, Integer replicas, Integer step, String cancels, String message) {
        assertThatThrownBy(() -> new TriggerDetails(action, replicas, step, 60, "r", "ci", cancels))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCancelNamesTheTriggerItEnds() {
        TriggerDetails cancel = new TriggerDetails(TriggerAction.CANCEL, null, null, 1, "done", "ci", "tr-1");
        assertThat(cancel.cancels()).isEqualTo("tr-1");
        assertThat(new TriggerDetails(TriggerAction.SCALE_TO, 10_000, null, 60, "r", "ci").cancels())
                .isNull();
    }
}
