package io.scaligator.engine.topology;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.observation;
import static io.scaligator.engine.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Replaying the same input records into a fresh engine gives byte-identical decisions, commands and checkpoints. */
class DeterminismTest {

    static final Policy POLICY = Fixtures.policy("""
            watch_namespaces = ["default", "dev"]
            disable_dev_after = "20:00"
            enable_dev_after = "07:00"
            [[metric_rules]]
            name = "cpu"
            [[metric_rules]]
            name = "rps"
            query = "sum(rate(http_requests_total[1m])) by (namespace, workload)"
            kind = "value"
            mode = "proportional"
            target = 100.0
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_factor = 2.0
            """);

    @Test
    void sameInputsGiveByteIdenticalOutputs() throws Exception {
        List<ScaligatorEvent> inputs = inputs();
        Run first = run(inputs);
        Run second = run(inputs);
        assertThat(first.decisions).hasSize(inputs.size());
        assertThat(first.commands).hasSizeGreaterThan(20);
        assertThat(second.decisions).hasSameSizeAs(first.decisions);
        for (int i = 0; i < first.decisions.size(); i++) {
            assertThat(second.decisions.get(i)).as("decision %d", i).isEqualTo(first.decisions.get(i));
        }
        assertThat(second.commands).hasSameSizeAs(first.commands);
        for (int i = 0; i < first.commands.size(); i++) {
            assertThat(second.commands.get(i)).as("command %d", i).isEqualTo(first.commands.get(i));
        }
        // 3 targets over 3h20m of record time, a checkpoint each per started hour
        assertThat(first.checkpoints).hasSizeGreaterThanOrEqualTo(3 * 4);
        assertThat(second.checkpoints).hasSameSizeAs(first.checkpoints);
        for (int i = 0; i < first.checkpoints.size(); i++) {
            assertThat(second.checkpoints.get(i)).as("checkpoint %d", i).isEqualTo(first.checkpoints.get(i));
        }
    }

    record Run(List<byte[]> decisions, List<byte[]> commands, List<byte[]> checkpoints) {}

    static Run run(List<ScaligatorEvent> inputs) throws Exception {
        try (TopologyHarness h = new TopologyHarness(POLICY)) {
            inputs.forEach(h::send);
            return new Run(
                    h.decisions.readValuesToList(), h.commands.readValuesToList(), h.checkpoints.readValuesToList());
        }
    }

    /** A mixed, pseudo-random (fixed seed) day of observations, alerts and triggers for a few targets. */
    static List<ScaligatorEvent> inputs() {
        Random random = new Random(42);
        List<TargetRef> targets =
                List.of(WEB, TargetRef.deployment("dev", "api"), TargetRef.statefulSet("default", "db"));
        Map<TargetRef, Integer> replicas =
                new java.util.HashMap<>(Map.of(targets.get(0), 2, targets.get(1), 3, targets.get(2), 1));
        List<ScaligatorEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2026-11-30T18:00:00Z");
        for (int i = 0; i < 400; i++) {
            t = t.plusSeconds(30);
            TargetRef target = targets.get(i % targets.size());
            String at = t.toString();
            if (i % 37 == 5) {
                events.add(alert(
                        "a" + i,
                        target,
                        at,
                        i % 74 == 5 ? AlertStatus.FIRING : AlertStatus.RESOLVED,
                        "fp-" + target.name(),
                        "2026-11-30T18:00:00Z",
                        Map.of("alertname", "HighLatency")));
            } else if (i % 101 == 7) {
                events.add(trigger(
                        "t" + i,
                        target,
                        at,
                        new TriggerDetails(TriggerDetails.TriggerAction.SCALE_UP, null, 2, 300, "batch job", "ci")));
            } else {
                Map<String, Double> metrics = new java.util.HashMap<>();
                metrics.put("cpu", random.nextInt(10) == 0 ? null : random.nextDouble());
                metrics.put("rps", random.nextDouble() * 300);
                int spec = replicas.get(target);
                events.add(observation(target, at, spec, metrics, Map.of(), null));
                replicas.put(target, Math.max(0, spec + random.nextInt(3) - 1));
            }
        }
        return events;
    }
}
