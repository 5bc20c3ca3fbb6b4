package io.scaligator.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.target.TargetRef;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonGoldenTest {

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("alert-signal.json", AlertSignal.class),
                Arguments.of("alert-signal-trigger-unmapped.json", AlertSignal.class),
                Arguments.of("observation.json", Observation.class),
                Arguments.of("decision.json", Decision.class),
                Arguments.of("scale-command.json", ScaleCommand.class),
                Arguments.of("scale-outcome.json", ScaleOutcome.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void goldenSampleReadsAndWritesBackToTheSameJson(String file, Class<? extends ScaligatorEvent> type)
            throws IOException {
        byte[] golden = resource(file);

        ScaligatorEvent event = EventJson.read(golden, type);
        byte[] written = EventJson.write(event);

        assertThat(event).isInstanceOf(type);
        assertThat(EventJson.mapper().readTree(written))
                .isEqualTo(EventJson.mapper().readTree(golden));
        assertThat(EventJson.read(written, type)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void writingTheSameEventTwiceGivesIdenticalBytes(String file, Class<? extends ScaligatorEvent> type)
            throws IOException {
        ScaligatorEvent event = EventJson.read(resource(file), type);

        assertThat(EventJson.write(EventJson.read(EventJson.write(event), type)))
                .isEqualTo(EventJson.write(event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void unknownFieldsAreIgnoredAtEveryLevel(String file, Class<? extends ScaligatorEvent> type) throws IOException {
        ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(resource(file));
        tree.put("addedInSchemaVersion2", "whatever");
        tree.putObject("nestedFuture").put("x", 1);

        ScaligatorEvent event = EventJson.read(EventJson.mapper().writeValueAsBytes(tree), type);

        assertThat(event).isEqualTo(EventJson.read(resource(file), type));
    }

    @Test
    void alertSampleCarriesItsTargetStatusAndRawLabels() throws IOException {
        AlertSignal signal = EventJson.read(resource("alert-signal.json"), AlertSignal.class);

        assertThat(signal.key()).isEqualTo("default/Deployment/web");
        assertThat(signal.target()).isEqualTo(TargetRef.deployment("default", "web"));
        assertThat(signal.kind()).isEqualTo(AlertSignal.SignalKind.ALERT);
        assertThat(signal.alert().status()).isEqualTo(AlertDetails.AlertStatus.FIRING);
        assertThat(signal.alert().labels())
                .containsEntry("severity", "critical")
                .hasSize(4);
        assertThat(signal.receivedAt()).isEqualTo(Instant.parse("2026-11-28T06:00:01.250Z"));
        assertThat(signal.actionable()).isTrue();
    }

    @Test
    void unmappedTriggerIsKeyedUnmappedAndNotActionable() throws IOException {
        AlertSignal signal = EventJson.read(resource("alert-signal-trigger-unmapped.json"), AlertSignal.class);

        assertThat(signal.key()).isEqualTo(TargetRef.UNMAPPED_KEY);
        assertThat(signal.trigger().action()).isEqualTo(TriggerDetails.TriggerAction.SCALE_TO);
        assertThat(signal.trigger().replicas()).isEqualTo(5);
        assertThat(signal.actionable()).isFalse();
    }

    @Test
    void outcomeStatusUsesKebabCaseOnTheWire() throws IOException {
        ScaleOutcome outcome = EventJson.read(resource("scale-outcome.json"), ScaleOutcome.class);
        ScaleOutcome stale = new ScaleOutcome(
                outcome.id(),
                outcome.commandId(),
                outcome.target(),
                ScaleOutcome.Status.SKIPPED_STALE,
                2,
                4,
                null,
                "older than last applied",
                outcome.completedAt(),
                1);

        JsonNode tree = EventJson.mapper().readTree(EventJson.write(stale));

        assertThat(tree.get("status").asText()).isEqualTo("skipped-stale");
        assertThat(tree.has("appliedReplicas")).isFalse();
        assertThat(outcome.id()).isEqualTo(ScaleOutcome.idFor(outcome.commandId()));
    }

    static byte[] resource(String file) throws IOException {
        try (InputStream in = EventJsonGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden sample %s", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
