package io.scaligator.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaligatorEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSerdeTest {

    private final EventSerde<Observation> serde = EventSerde.of(Observation.class);

    static Stream<Arguments> malformedValues() throws IOException {
        return Stream.of(
                Arguments.of("empty bytes", new byte[0], "empty record value"),
                Arguments.of(
                        "truncated JSON",
                        "{\"type\":\"observation\",\"id\":".getBytes(StandardCharsets.UTF_8),
                        "malformed JSON"),
                Arguments.of("not JSON at all", new byte[] {(byte) 0xC3, 0x28, 0x00, 0x7F}, "malformed JSON"),
                Arguments.of("a JSON array", "[1,2]".getBytes(StandardCharsets.UTF_8), "expected a JSON object"),
                Arguments.of(
                        "a JSON string", "\"observation\"".getBytes(StandardCharsets.UTF_8), "expected a JSON object"),
                Arguments.of("no type", observation(t -> t.remove("type")), "unknown or missing event type"),
                Arguments.of(
                        "unknown type",
                        observation(t -> t.put("type", "metric")),
                        "unknown or missing event type 'metric'"),
                Arguments.of("no schemaVersion", observation(t -> t.remove("schemaVersion")), "schemaVersion"),
                Arguments.of("schemaVersion zero", observation(t -> t.put("schemaVersion", 0)), "schemaVersion"),
                Arguments.of(
                        "replicas of the wrong type", observation(t -> t.put("specReplicas", "three")), "specReplicas"),
                Arguments.of(
                        "negative replicas", observation(t -> t.put("specReplicas", -1)), "specReplicas must be >= 0"),
                Arguments.of("missing target", observation(t -> t.remove("target")), "target is required"),
                Arguments.of(
                        "invalid target",
                        observation(t -> t.put("target", "Dev/Deployment/web")),
                        "namespace 'Dev' is not a DNS-1123 label"),
                Arguments.of(
                        "unknown kind",
                        observation(t -> t.put("target", "dev/CronJob/web")),
                        "kind 'CronJob' is not supported"),
                Arguments.of("bad timestamp", observation(t -> t.put("observedAt", "yesterday")), "observedAt"),
                Arguments.of(
                        "metric with neither value nor reason",
                        observation(t -> ((ObjectNode) t.withArray("metrics").get(0)).remove("value")),
                        "exactly one of value and missingReason"),
                Arguments.of(
                        "a decision where an observation is expected",
                        EventJsonGoldenTest.resource("decision.json"),
                        "expected Observation but the record is a Decision"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedValues")
    void malformedBytesGiveASerializationExceptionNamingTheProblem(String name, byte[] bytes, String expected) {
        assertThatThrownBy(() -> serde.deserialize("scaligator.observations", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("scaligator.observations")
                .hasMessageContaining(expected);
    }

    @Test
    void nullStaysNullBothWays() {
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void roundTripsThroughTheKafkaInterfaces() throws IOException {
        Observation observation = EventJson.read(EventJsonGoldenTest.resource("observation.json"), Observation.class);

        byte[] bytes = serde.serializer().serialize("t", observation);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(observation);
    }

    @Test
    void theFamilySerdeReadsAnyEvent() throws IOException {
        EventSerde<ScaligatorEvent> any = EventSerde.any();

        assertThat(any.deserialize("t", EventJsonGoldenTest.resource("decision.json")))
                .isInstanceOf(Decision.class);
        assertThat(any.deserialize("t", EventJsonGoldenTest.resource("observation.json")))
                .isInstanceOf(Observation.class);
    }

    private static byte[] observation(Consumer<ObjectNode> change) {
        try {
            ObjectNode tree =
                    (ObjectNode) EventJson.mapper().readTree(EventJsonGoldenTest.resource("observation.json"));
            change.accept(tree);
            return EventJson.mapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
