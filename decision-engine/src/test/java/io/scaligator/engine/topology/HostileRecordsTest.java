package io.scaligator.engine.topology;

import static io.scaligator.engine.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile records on the engine's input topics, each with what must happen to it: records that are not events are
 * skipped (no decision; the service sends them to the dead-letter topic), events over a bound are refused with a
 * decision saying so, and after every one of them the engine still decides for another target.
 */
class HostileRecordsTest {

    private static final Policy POLICY = Fixtures.policy("""
            watch_namespaces = ["default"]
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_add = 2
            """);
    private static final TargetRef API = TargetRef.deployment("default", "api");
    private static final Instant AT = Instant.parse("2026-11-30T10:00:10Z");

    /** No decision at all for the record: not an event the engine can read. */
    private static final String SKIPPED = "skipped";

    static Stream<Arguments> records() {
        return Stream.of(
                row("malformed JSON on alerts", true, WEB.key(), bytes("{\"type\":\"alert-signal\",")),
                row("bytes that are not UTF-8 on observations", false, WEB.key(), new byte[] {0, (byte) 0xc3, 0x28}),
                row("an empty value", true, WEB.key(), new byte[0]),
                row(
                        "a decision on the alerts topic",
                        true,
                        WEB.key(),
                        bytes("{\"type\":\"decision\"," + "\"schemaVersion\":1,\"id\":\"d\"}")),
                row("negative replicas in an observation", false, WEB.key(), bytes(observationJson(-5, "0.5"))),
                row("a NaN metric", false, WEB.key(), bytes(observationJson(2, "\"NaN\""))),
                row(
                        "overflowing replicas",
                        false,
                        WEB.key(),
                        bytes(observationJson(2, "0.5").replace("\"specReplicas\":2", "\"specReplicas\":99999999999"))),
                row(
                        "a trigger for a million replicas",
                        true,
                        WEB.key(),
                        bytes(new String(EventJson.write(trigger("t-ok", "ci", "r", 5)), StandardCharsets.UTF_8)
                                .replace("\"replicas\":5", "\"replicas\":1000000"))),
                row("a key that is not the event's target", true, API.key(), EventJson.write(alert("k1", "0a1b"))),
                row("an unknown schema type", true, WEB.key(), bytes("{\"type\":\"exploit\",\"schemaVersion\":9}")),
                rowDecided(
                        "a 10,000-character fingerprint",
                        EventJson.write(alert("f1", "f".repeat(10_000))),
                        Decision.Result.REFUSED,
                        "bound"),
                rowDecided(
                        "a trigger source of 500 characters",
                        EventJson.write(trigger("s1", "s".repeat(500), "r", 3)),
                        Decision.Result.REFUSED,
                        "bound"),
                rowDecided(
                        "a trigger id of 300 characters",
                        EventJson.write(trigger("i".repeat(300), "ci", "r", 3)),
                        Decision.Result.REFUSED,
                        "bound"),
                rowDecided(
                        "an observation carrying 800 KB of annotations",
                        EventJson.write(hugeObservation()),
                        Decision.Result.REFUSED,
                        "bound"),
                rowDecided(
                        "a negative metric value",
                        EventJson.write(Fixtures.observation(
                                WEB, "2026-11-30T10:00:20Z", 2, Map.of("cpu", -1.0), Map.of(), null)),
                        Decision.Result.HOLD,
                        "no-recommendation"),
                rowDecided(
                        "a 50 KB trigger reason",
                        EventJson.write(trigger("long-reason", "ci", "x".repeat(50_000), 4)),
                        Decision.Result.SCALE,
                        "trigger:ci"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void aHostileRecordIsSkippedOrRefusedAndTheEngineGoesOn(
            String name, boolean alertsTopic, String key, byte[] value, Decision.Result result, String rule)
            throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.send(Fixtures.cpu("2026-11-30T10:00:00Z", 2, 0.5));
            h.decisions.readValuesToList();

            (alertsTopic ? h.alerts : h.observations).pipeInput(new TestRecord<>(key, value, AT));
            List<Decision> decided = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            if (result == null) {
                assertThat(decided).as(name).isEmpty();
            } else {
                assertThat(decided).as(name).singleElement().satisfies(d -> {
                    assertThat(d.result()).isEqualTo(result);
                    assertThat(d.rule()).isEqualTo(rule);
                    assertThat(EventJson.write(d).length).isLessThan(32 * 1024);
                });
            }

            h.send(Fixtures.observation(API, "2026-11-30T10:00:30Z", 1, Map.of("cpu", 0.9), Map.of(), null));
            assertThat(TopologyHarness.read(h.decisions.readValuesToList(), Decision.class))
                    .as("after %s another target is still decided", name)
                    .singleElement()
                    .satisfies(d -> assertThat(d.desiredReplicas()).isEqualTo(2));
        }
    }

    private static Arguments row(String name, boolean alertsTopic, String key, byte[] value) {
        return Arguments.of(name, alertsTopic, key, value, null, SKIPPED);
    }

    private static Arguments rowDecided(String name, byte[] value, Decision.Result result, String rule) {
        boolean alertsTopic =
                new String(value, 0, Math.min(value.length, 40), StandardCharsets.UTF_8).contains("alert-signal");
        return Arguments.of(name, alertsTopic, WEB.key(), value, result, rule);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String observationJson(int spec, String cpu) {
        return "{\"type\":\"observation\",\"schemaVersion\":1,\"id\":\"o1\",\"target\":\"default/Deployment/web\","
                + "\"observedAt\":\"2026-11-30T10:00:20Z\",\"specReplicas\":" + spec + ",\"readyReplicas\":2,"
                + "\"metrics\":[{\"rule\":\"cpu\",\"value\":" + cpu + "}],\"annotations\":{}}";
    }

    private static AlertSignal alert(String id, String fingerprint) {
        return new AlertSignal(
                id,
                AlertSignal.SignalKind.ALERT,
                WEB,
                null,
                true,
                null,
                AT,
                new AlertDetails(
                        "HighLatency",
                        AlertDetails.AlertStatus.FIRING,
                        fingerprint,
                        AT.minusSeconds(5),
                        null,
                        Map.of("alertname", "HighLatency"),
                        Map.of(),
                        null,
                        "scaligator",
                        "{}"),
                null);
    }

    private static AlertSignal trigger(String id, String source, String reason, int replicas) {
        return new AlertSignal(
                id,
                AlertSignal.SignalKind.TRIGGER,
                WEB,
                null,
                true,
                null,
                AT,
                null,
                new TriggerDetails(TriggerDetails.TriggerAction.SCALE_TO, replicas, null, 60, reason, source));
    }

    private static Observation hugeObservation() {
        Map<String, String> annotations = new HashMap<>();
        for (int i = 0; i < 800; i++) {
            annotations.put("scaligator.io/note-" + i, "n".repeat(1_000));
        }
        return new Observation(
                "o-huge",
                WEB,
                Instant.parse("2026-11-30T10:00:20Z"),
                2,
                2,
                List.of(MetricSample.present("cpu", 0.5)),
                null,
                annotations);
    }
}
