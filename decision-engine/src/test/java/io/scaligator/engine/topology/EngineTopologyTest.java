package io.scaligator.engine.topology;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.cpu;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Ids;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.TargetState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class EngineTopologyTest {

    private static final Policy POLICY = Fixtures.policy("""
            watch_namespaces = ["default"]
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_replicas = 6
            """);

    @Test
    void mappedInputCoordinatesGiveTheIdsOfTheRecordsOriginalPlace() throws Exception {
        InputCoordinates original =
                (topic, partition, offset) -> new InputCoordinates.Coordinates(topic, 2, 1000 + offset);
        try (TopologyHarness h = new TopologyHarness(POLICY, original)) {
            h.send(cpu("2026-11-30T10:00:00Z", 2, 0.5));
            h.send(cpu("2026-11-30T10:00:30Z", 2, 0.9));

            var decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            var command = TopologyHarness.read(h.commands.readValuesToList(), ScaleCommand.class)
                    .get(0);

            assertThat(decisions.get(1).input().partition()).isEqualTo(2);
            assertThat(decisions.get(1).input().offset()).isEqualTo(1001);
            assertThat(decisions.get(1).id())
                    .isEqualTo(Ids.decisionId(decisions.get(1).input()))
                    .isEqualTo(Ids.decisionId(new InputRef(
                            TopologyHarness.TOPICS.observations(),
                            2,
                            1001,
                            decisions.get(1).input().eventId(),
                            "observation")));
            assertThat(command.id()).isEqualTo(Ids.commandId(decisions.get(1).input()));
        }
    }

    @Test
    void observationGivesADecisionAndACommandKeyedByTargetWithIdsFromTheInputCoordinates() throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.send(cpu("2026-11-30T10:00:00Z", 2, 0.5));
            h.send(cpu("2026-11-30T10:00:30Z", 2, 0.9));

            var decisionRecords = h.decisions.readRecordsToList();
            var decisions = TopologyHarness.read(
                    decisionRecords.stream().map(TestRecord::value).toList(), Decision.class);
            var commandRecords = h.commands.readRecordsToList();
            var commands = TopologyHarness.read(
                    commandRecords.stream().map(TestRecord::value).toList(), ScaleCommand.class);

            assertThat(decisions)
                    .extracting(Decision::result)
                    .containsExactly(Decision.Result.HOLD, Decision.Result.SCALE);
            assertThat(decisionRecords).allSatisfy(r -> assertThat(r.key()).isEqualTo(WEB.key()));
            assertThat(decisions.get(1).input().topic()).isEqualTo(TopologyHarness.TOPICS.observations());
            assertThat(decisions.get(1).input().offset()).isEqualTo(1);
            assertThat(decisions.get(1).policyVersion()).isEqualTo(POLICY.version());
            assertThat(commands).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(decisions.get(1).commandId());
                assertThat(c.decisionId()).isEqualTo(decisions.get(1).id());
                assertThat(c.toReplicas()).isEqualTo(3);
                assertThat(c.decidedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:30Z"));
            });
            assertThat(commandRecords.get(0).timestamp())
                    .isEqualTo(Instant.parse("2026-11-30T10:00:30Z").toEpochMilli());
        }
    }

    @Test
    void alertsAndObservationsOfOneTargetShareItsStoredState() throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.send(cpu("2026-11-30T10:00:00Z", 2, 0.5));
            h.send(alert(
                    "a1",
                    WEB,
                    "2026-11-30T10:00:10Z",
                    AlertStatus.FIRING,
                    "fp1",
                    "2026-11-30T10:00:05Z",
                    Map.of("alertname", "HighLatency")));
            h.send(cpu("2026-11-30T10:00:30Z", 6, 0.1));

            var decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            assertThat(decisions)
                    .extracting(Decision::result, Decision::desiredReplicas, Decision::rule)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Decision.Result.HOLD, 2, "metric:cpu"),
                            org.assertj.core.groups.Tuple.tuple(Decision.Result.SCALE, 6, "alert:latency"),
                            org.assertj.core.groups.Tuple.tuple(Decision.Result.HOLD, 6, "alert:latency"));
            KeyValueStore<String, TargetState> store = h.driver.getKeyValueStore(EngineTopology.STATE_STORE);
            assertThat(store.get(WEB.key()).floors()).singleElement().satisfies(f -> assertThat(f.alerts())
                    .extracting(TargetState.FloorAlert::fingerprint)
                    .containsExactly("fp1"));
        }
    }

    @Test
    void unmappedAlertsGiveNoDecisionAndBadRecordsAreSkipped() throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.alerts.pipeInput(new TestRecord<>(
                    "_unmapped",
                    io.scaligator.common.serde.EventJson.write(new AlertSignal(
                            "u1",
                            AlertSignal.SignalKind.ALERT,
                            null,
                            "no workload labels",
                            true,
                            null,
                            Instant.parse("2026-11-30T10:00:00Z"),
                            new io.scaligator.common.event.AlertDetails(
                                    "X",
                                    AlertStatus.FIRING,
                                    "fpu",
                                    Instant.parse("2026-11-30T10:00:00Z"),
                                    null,
                                    Map.of(),
                                    Map.of(),
                                    null,
                                    null,
                                    null),
                            null))));
            h.observations.pipeInput(WEB.key(), "{not json".getBytes(StandardCharsets.UTF_8));
            h.observations.pipeInput(
                    "default/Deployment/other",
                    io.scaligator.common.serde.EventJson.write(cpu("2026-11-30T10:00:00Z", 2, 0.9)));
            h.send(cpu("2026-11-30T10:00:30Z", 2, 0.9));

            var decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            assertThat(decisions).singleElement().satisfies(d -> {
                assertThat(d.result()).isEqualTo(Decision.Result.SCALE);
                assertThat(d.input().offset()).isEqualTo(2);
            });
        }
    }

    @Test
    void aResolveTheReceiverCouldNotMapIsMappedByFingerprintAndReleasesTheFloor() throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.send(cpu("2026-11-30T10:00:00Z", 2, 0.5));
            Map<String, String> pod = Map.of("alertname", "HighLatency", "namespace", "default", "pod", "web-1");
            h.send(alert("a1", WEB, "2026-11-30T10:00:10Z", AlertStatus.FIRING, "fp1", "2026-11-30T10:00:05Z", pod));
            h.send(cpu("2026-11-30T10:00:30Z", 6, 0.1));
            AlertSignal unmapped = new AlertSignal(
                    "a1-resolved",
                    AlertSignal.SignalKind.ALERT,
                    null,
                    "pod default/web-1 not found",
                    true,
                    null,
                    Instant.parse("2026-11-30T10:01:00Z"),
                    new io.scaligator.common.event.AlertDetails(
                            "HighLatency",
                            AlertStatus.RESOLVED,
                            "fp1",
                            Instant.parse("2026-11-30T10:00:05Z"),
                            Instant.parse("2026-11-30T10:00:55Z"),
                            pod,
                            Map.of(),
                            null,
                            "scaligator",
                            "{}"),
                    null);
            h.send(unmapped); // the driver feeds what the topology writes to its own input topics back in
            h.send(cpu("2026-11-30T10:01:30Z", 6, 0.1));

            var decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            assertThat(decisions)
                    .extracting(Decision::rule)
                    .containsExactly(
                            "metric:cpu", "alert:latency", "alert:latency", "no-recommendation", "stabilization");
            assertThat(decisions.get(3).reason())
                    .contains("it was the last alert of rule latency")
                    .contains("released");
            assertThat(decisions.get(3).input().topic()).isEqualTo(TopologyHarness.TOPICS.alerts());
            assertThat(decisions.get(4).desiredReplicas()).isEqualTo(6);
            KeyValueStore<String, TargetState> store = h.driver.getKeyValueStore(EngineTopology.STATE_STORE);
            assertThat(store.get(WEB.key()).floors()).isEmpty();
            KeyValueStore<String, String> index = h.driver.getKeyValueStore(EngineTopology.ALERT_INDEX_STORE);
            assertThat(index.get("fp1")).isNull();
        }
    }

    @Test
    void oversizeInputsAtOneTargetAreRefusedAndOtherTargetsStillScale() throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            h.send(cpu("2026-11-30T10:00:00Z", 2, 0.5));
            var api = io.scaligator.common.target.TargetRef.deployment("default", "api");
            h.send(Fixtures.observation(api, "2026-11-30T10:00:00Z", 1, Map.of("cpu", 0.5), Map.of(), null));
            for (int i = 0; i < 20; i++) {
                h.send(alert(
                        "big" + i,
                        WEB,
                        "2026-11-30T10:00:1" + (i % 10) + "Z",
                        AlertStatus.FIRING,
                        Integer.toHexString(i) + "f".repeat(50_000),
                        "2026-11-30T10:00:05Z",
                        Map.of("alertname", "HighLatency")));
            }
            for (int i = 0; i < 300; i++) {
                h.send(Fixtures.trigger(
                        "t" + i,
                        WEB,
                        "2026-11-30T10:00:20Z",
                        new io.scaligator.common.event.TriggerDetails(
                                io.scaligator.common.event.TriggerDetails.TriggerAction.SCALE_UP,
                                null,
                                1,
                                60,
                                "x".repeat(5_000),
                                "source-" + i + "-" + "s".repeat(200))));
            }
            h.send(alert(
                    "ok",
                    api,
                    "2026-11-30T10:00:30Z",
                    AlertStatus.FIRING,
                    "0123456789abcdef",
                    "2026-11-30T10:00:25Z",
                    Map.of("alertname", "HighLatency")));

            var decisions = TopologyHarness.read(h.decisions.readValuesToList(), Decision.class);
            assertThat(decisions.stream()
                            .filter(d -> d.target().equals(WEB))
                            .skip(1)
                            .toList())
                    .hasSize(320)
                    .allSatisfy(d -> assertThat(d.rule()).isEqualTo("bound"));
            assertThat(decisions).last().satisfies(d -> {
                assertThat(d.target()).isEqualTo(api);
                assertThat(d.result()).isEqualTo(Decision.Result.SCALE);
                assertThat(d.desiredReplicas()).isEqualTo(5);
            });
            assertThat(decisions)
                    .allSatisfy(d -> assertThat(EventJsonSize.of(d)).isLessThan(64 * 1024));
            KeyValueStore<String, TargetState> store = h.driver.getKeyValueStore(EngineTopology.STATE_STORE);
            assertThat(TargetStateCodec.encode(store.get(WEB.key())).length).isLessThan(4096);
        }
    }

    /** The size of an event as the engine writes it to Kafka. */
    private static final class EventJsonSize {
        static int of(Decision d) {
            return io.scaligator.common.serde.EventJson.write(d).length;
        }
    }
}
