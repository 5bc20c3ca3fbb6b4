package io.scaligator.engine.core;

import static io.scaligator.engine.Fixtures.WEB;
import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.cpu;
import static io.scaligator.engine.Fixtures.observation;
import static io.scaligator.engine.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Decision.Result;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.event.TriggerDetails.TriggerAction;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of the decision core: each case is a config and a sequence of signals, each signal with the
 * decision it must produce (result, desired replicas, rule that won).
 */
class DecisionCoreTest {

    private static final String BASE = """
            watch_namespaces = ["default", "dev"]
            scale_up_cpu_threshold = 0.7
            scale_down_cpu_threshold = 0.2
            """;
    private static final String NO_DOWN_WINDOW = BASE + "[engine]\nstabilization_down = 0\n";
    private static final String LATENCY_RULE = """
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_add = 2
            """;
    private static final String PROPORTIONAL = """
            [[metric_rules]]
            name = "rps"
            query = "sum by (namespace, workload) (rate(http_requests_total[1m]))"
            kind = "value"
            mode = "proportional"
            target_type = "value"
            target = 1.0
            """;
    private static final String AVERAGE_RPS = """
            [[metric_rules]]
            name = "rps"
            query = "sum by (namespace, workload) (rate(http_requests_total[1m]))"
            kind = "value"
            mode = "proportional"
            target = 100
            """;
    private static final String PROPORTIONAL_CPU = """
            [[metric_rules]]
            name = "cpu"
            mode = "proportional"
            target = 0.7
            """;
    private static final String FLOOR_TTL = "[engine]\nstabilization_down = 0\nalert_floor_ttl = \"10m\"\n";
    private static final String OFFICE_HOURS = """
            [[time_rules]]
            name = "office"
            namespaces = ["dev"]
            uptime = "Mon-Fri 08:00-18:00 UTC"
            downtime_replicas = 1
            """;
    private static final Map<String, String> HIGH_LATENCY = Map.of("alertname", "HighLatency", "severity", "warning");
    private static final TargetRef DEV_API = TargetRef.deployment("dev", "api");

    /** One input and the decision it must give (desired/rule null: not checked). */
    record Step(ScaligatorEvent event, Result result, Integer desired, String rule) {}

    record Case(String name, String toml, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c(
                        "threshold: above scale_up_threshold adds a step",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.9), Result.SCALE, 3, "metric:cpu")),
                c(
                        "threshold: below scale_down_threshold removes a step",
                        NO_DOWN_WINDOW,
                        s(cpu("2026-11-30T10:00:00Z", 3, 0.1), Result.SCALE, 2, "metric:cpu")),
                c(
                        "threshold: inside the band holds",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu")),
                c(
                        "proportional: inside tolerance holds",
                        BASE + PROPORTIONAL,
                        s(rps("2026-11-30T10:00:00Z", 4, 1.08), Result.HOLD, 4, "metric:rps")),
                c(
                        "proportional: outside tolerance scales to ceil(current x value / target)",
                        BASE + PROPORTIONAL,
                        s(rps("2026-11-30T10:00:00Z", 4, 1.5), Result.SCALE, 6, "metric:rps")),
                c(
                        "stabilization window holds a scale-down until the higher recommendation leaves it",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.9), Result.SCALE, 3, "metric:cpu"),
                        s(cpu("2026-11-30T10:00:30Z", 3, 0.1), Result.HOLD, 3, "stabilization"),
                        s(cpu("2026-11-30T10:04:00Z", 3, 0.1), Result.HOLD, 3, "stabilization"),
                        s(cpu("2026-11-30T10:05:30Z", 3, 0.1), Result.SCALE, 2, "metric:cpu")),
                c(
                        "rate limit: scale-up at most max(100%, 4 pods) per 15 s",
                        BASE + PROPORTIONAL,
                        s(rps("2026-11-30T10:00:00Z", 2, 10.0), Result.SCALE, 6, "rate-limit"),
                        s(rps("2026-11-30T10:00:05Z", 6, 10.0), Result.HOLD, 6, "rate-limit"),
                        s(rps("2026-11-30T10:00:20Z", 6, 10.0), Result.SCALE, 12, "rate-limit")),
                c(
                        "rate limit: scale-down at most scale_down_percent per period",
                        NO_DOWN_WINDOW + "scale_down_percent = 50\n" + PROPORTIONAL,
                        s(rps("2026-11-30T10:00:00Z", 10, 0.1), Result.SCALE, 5, "rate-limit"),
                        s(rps("2026-11-30T10:00:05Z", 5, 0.1), Result.HOLD, 5, "rate-limit"),
                        s(rps("2026-11-30T10:00:20Z", 5, 0.1), Result.SCALE, 2, "rate-limit")),
                c(
                        "alert floor: firing raises, duplicates are ignored, resolved releases",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(latency("a1", "2026-11-30T10:00:11Z", AlertStatus.FIRING), Result.HOLD, 4, "duplicate"),
                        s(
                                latency("a1-resent", "2026-11-30T10:05:10Z", AlertStatus.FIRING),
                                Result.HOLD,
                                2,
                                "duplicate"),
                        s(cpu("2026-11-30T10:00:30Z", 4, 0.1), Result.HOLD, 4, "alert:latency"),
                        s(
                                latency("a2", "2026-11-30T10:00:40Z", AlertStatus.RESOLVED),
                                Result.HOLD,
                                4,
                                "no-recommendation"),
                        s(cpu("2026-11-30T10:01:00Z", 4, 0.1), Result.SCALE, 3, "metric:cpu")),
                c(
                        "alert floor: an alert before any observation is kept and applied on the first one",
                        BASE + LATENCY_RULE,
                        s(latency("a1", "2026-11-30T10:00:00Z", AlertStatus.FIRING), Result.HOLD, 0, "no-observation"),
                        s(cpu("2026-11-30T10:00:30Z", 3, 0.5), Result.SCALE, 5, "alert:latency")),
                c(
                        "alert without a matching rule changes nothing",
                        BASE + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                alert(
                                        "x",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        AlertStatus.FIRING,
                                        "fp-x",
                                        "2026-11-30T10:00:00Z",
                                        Map.of("alertname", "DiskFull")),
                                Result.HOLD,
                                2,
                                "no-recommendation")),
                c(
                        "trigger: scale_to applies until its TTL expires",
                        NO_DOWN_WINDOW,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 60, "load test", "ci")),
                                Result.SCALE,
                                5,
                                "trigger:ci"),
                        s(cpu("2026-11-30T10:00:40Z", 5, 0.1), Result.HOLD, 5, "trigger:ci"),
                        s(cpu("2026-11-30T10:01:10Z", 5, 0.1), Result.SCALE, 4, "metric:cpu")),
                c(
                        "trigger: hold keeps the replicas while metrics say down",
                        NO_DOWN_WINDOW,
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        new TriggerDetails(
                                                TriggerAction.HOLD, null, null, 120, "release freeze", "ops")),
                                Result.HOLD,
                                0,
                                "no-observation"),
                        s(cpu("2026-11-30T10:00:30Z", 5, 0.1), Result.HOLD, 5, "trigger:ops"),
                        s(cpu("2026-11-30T10:02:30Z", 5, 0.1), Result.SCALE, 4, "metric:cpu")),
                c(
                        "trigger: hold keeps the replicas against a new alert, whose floor acts once the hold ends",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.HOLD, null, null, 120, "migration", "ops")),
                                Result.HOLD,
                                2,
                                "trigger:ops"),
                        s(latency("a1", "2026-11-30T10:00:20Z", AlertStatus.FIRING), Result.HOLD, 2, "trigger:ops"),
                        s(cpu("2026-11-30T10:02:30Z", 2, 0.5), Result.SCALE, 4, "alert:latency")),
                c(
                        "downtime: starts with downtime_replicas, ends by restoring the original count",
                        BASE + nightRule("Mon-Fri 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-11-30T18:00:00Z", 3), Result.HOLD, 3, "metric:cpu"),
                        s(dev("2026-11-30T19:30:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(dev("2026-11-30T23:00:00Z", 0), Result.HOLD, 0, "time:night"),
                        s(dev("2026-12-01T07:30:00Z", 0), Result.SCALE, 3, "time:restore"),
                        s(dev("2026-12-01T07:31:00Z", 3), Result.HOLD, 3, "metric:cpu")),
                c(
                        "overnight range belongs to its start day: Friday night yes, Sunday night and Monday early no",
                        BASE + nightRule("Mon-Fri 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-12-05T05:00:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(dev("2026-12-06T20:30:00Z", 0), Result.SCALE, 3, "time:restore"),
                        s(dev("2026-12-07T05:00:00Z", 3), Result.HOLD, 3, "metric:cpu")),
                c(
                        "DST in Europe/Berlin: 06:30 UTC is downtime (07:30 CET) before, uptime (08:30 CEST) after",
                        BASE + nightRule("Mon-Sun 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-03-28T06:30:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(dev("2026-03-29T06:30:00Z", 0), Result.SCALE, 3, "time:restore")),
                c(
                        "whole days: Sat-Sun 00:00-24:00 is Saturday 00:00 to Monday 00:00",
                        BASE + nightRule("Sat-Sun 00:00-24:00 UTC"),
                        s(dev("2026-12-04T23:59:00Z", 3), Result.HOLD, 3, "metric:cpu"),
                        s(dev("2026-12-05T00:00:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(dev("2026-12-06T23:59:00Z", 0), Result.HOLD, 0, "time:night"),
                        s(dev("2026-12-07T00:00:00Z", 0), Result.SCALE, 3, "time:restore")),
                c(
                        "original dev keys: disable_dev_after / enable_dev_after scale the dev namespace only",
                        BASE + """
                        disable_dev_after = "20:00"
                        enable_dev_after = "08:00"
                        """,
                        s(dev("2026-11-30T21:00:00Z", 2), Result.SCALE, 0, "time:dev-hours"),
                        s(cpu("2026-11-30T21:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(dev("2026-12-01T08:00:00Z", 0), Result.SCALE, 2, "time:restore")),
                c(
                        "uptime rule: outside the uptime window is downtime",
                        BASE + """
                        [[time_rules]]
                        name = "office"
                        namespaces = ["dev"]
                        uptime = "Mon-Fri 08:00-18:00 UTC"
                        downtime_replicas = 1
                        """,
                        s(dev("2026-12-05T10:00:00Z", 4), Result.SCALE, 1, "time:office"),
                        s(dev("2026-12-07T09:00:00Z", 1), Result.SCALE, 4, "time:restore"),
                        s(
                                observation(
                                        DEV_API,
                                        "2026-12-07T09:00:30Z",
                                        4,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/uptime", "Sat-Sun 00:00-23:59 UTC"),
                                        null),
                                Result.SCALE,
                                0,
                                "time:annotation")),
                c(
                        "downtime annotations override the namespace rule",
                        BASE + nightRule("Mon-Fri 20:00-08:00 UTC"),
                        s(
                                observation(
                                        DEV_API,
                                        "2026-11-30T12:00:00Z",
                                        4,
                                        Map.of("cpu", 0.5),
                                        Map.of(
                                                "scaligator.io/downtime", "Mon-Fri 11:00-13:00 UTC",
                                                "scaligator.io/downtime-replicas", "1"),
                                        null),
                                Result.SCALE,
                                1,
                                "time:annotation"),
                        s(
                                observation(
                                        DEV_API,
                                        "2026-11-30T21:00:00Z",
                                        1,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/downtime", "Mon-Fri 11:00-13:00 UTC"),
                                        null),
                                Result.SCALE,
                                4,
                                "time:restore")),
                c(
                        "downtime: a workload a person switched off stays off through the window and after it",
                        BASE + nightRule("Mon-Fri 20:00-08:00 UTC"),
                        s(dev("2026-11-30T18:00:00Z", 0), Result.HOLD, 0, "switched-off"),
                        s(dev("2026-11-30T21:00:00Z", 0), Result.HOLD, 0, "switched-off"),
                        s(dev("2026-12-01T08:00:30Z", 0), Result.HOLD, 0, "switched-off")),
                c(
                        "downtime: downtime_replicas never revives a workload a person switched off, before or during"
                                + " the window, and nothing is restored when it ends",
                        BASE + OFFICE_HOURS,
                        s(dev("2026-12-05T10:00:00Z", 0), Result.HOLD, 0, "switched-off"),
                        s(dev("2026-12-07T09:00:00Z", 0), Result.HOLD, 0, "switched-off"),
                        s(dev("2026-12-07T10:00:00Z", 4), Result.HOLD, 4, "metric:cpu"),
                        s(dev("2026-12-12T10:00:00Z", 4), Result.SCALE, 1, "time:office"),
                        s(dev("2026-12-12T10:00:30Z", 1), Result.HOLD, 1, "time:office"),
                        // a person's kubectl scale --replicas=0 in the night
                        s(dev("2026-12-12T12:00:00Z", 0), Result.HOLD, 0, "switched-off"),
                        s(dev("2026-12-14T09:00:00Z", 0), Result.HOLD, 0, "switched-off")),
                c(
                        "missing metric: no scale-down on missing data",
                        NO_DOWN_WINDOW + """
                        [[metric_rules]]
                        name = "cpu"
                        [[metric_rules]]
                        name = "memory"
                        scale_up_threshold = 0.8
                        scale_down_threshold = 0.3
                        """,
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        3,
                                        metrics("cpu", 0.1, "memory", null),
                                        Map.of(),
                                        null),
                                Result.HOLD,
                                3,
                                "missing-metrics"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:30Z",
                                        3,
                                        metrics("cpu", 0.9, "memory", null),
                                        Map.of(),
                                        null),
                                Result.SCALE,
                                4,
                                "metric:cpu"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:01:00Z",
                                        4,
                                        metrics("cpu", 0.1, "memory", 0.1),
                                        Map.of(),
                                        null),
                                Result.SCALE,
                                3,
                                "metric:cpu")),
                c(
                        "missing metric: the only rule missing holds",
                        NO_DOWN_WINDOW,
                        s(cpu("2026-11-30T10:00:00Z", 3, null), Result.HOLD, 3, "no-recommendation")),
                c(
                        "paused annotation holds",
                        BASE,
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of("scaligator.io/paused", "true"),
                                        null),
                                Result.HOLD,
                                2,
                                "paused")),
                c(
                        "an HPA on the target is refused",
                        BASE,
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of(),
                                        "HorizontalPodAutoscaler/web"),
                                Result.REFUSED,
                                2,
                                "other-autoscaler")),
                c(
                        "exclude annotation is refused",
                        BASE,
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of("scaligator.io/exclude", "true"),
                                        null),
                                Result.REFUSED,
                                2,
                                "excluded")),
                c(
                        "namespaces outside watch_namespaces and Scaligator's own are refused",
                        BASE,
                        s(
                                observation(
                                        TargetRef.deployment("kube-system", "dns"),
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of(),
                                        null),
                                Result.REFUSED,
                                2,
                                "namespace"),
                        s(
                                observation(
                                        TargetRef.deployment("scaligator", "engine"),
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of(),
                                        null),
                                Result.REFUSED,
                                2,
                                "namespace")),
                c(
                        "signals the receiver marked not allowed are refused",
                        BASE,
                        s(
                                new AlertSignal(
                                        "n1",
                                        AlertSignal.SignalKind.TRIGGER,
                                        WEB,
                                        null,
                                        false,
                                        "namespace default is not watched",
                                        java.time.Instant.parse("2026-11-30T10:00:00Z"),
                                        null,
                                        new TriggerDetails(TriggerAction.SCALE_TO, 9, null, 60, null, "ci")),
                                Result.REFUSED,
                                0,
                                "not-allowed")),
                c(
                        "max clamp: config max and a lower annotation; an annotation cannot raise the cap (the awaited 10 -> 6"
                                + " is followed by 6 -> 10)",
                        BASE + "max_replicas = 10\n",
                        s(cpu("2026-11-30T10:00:00Z", 10, 0.9), Result.HOLD, 10, "max-replicas"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:30Z",
                                        10,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/max-replicas", "6"),
                                        null),
                                Result.SCALE,
                                6,
                                "max-replicas"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:01:00Z",
                                        10,
                                        Map.of("cpu", 0.9),
                                        Map.of("scaligator.io/max-replicas", "50"),
                                        null),
                                Result.SCALE,
                                10,
                                "max-replicas")),
                c(
                        "min clamp: config min and an annotation min",
                        BASE + "min_replicas = 2\n[engine]\nstabilization_down = 0\n",
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.1), Result.HOLD, 2, "min-replicas"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:30Z",
                                        2,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/min-replicas", "4"),
                                        null),
                                Result.SCALE,
                                4,
                                "min-replicas")),
                c(
                        "a command that does not show in an observation yet is awaited, not issued again",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.9), Result.SCALE, 3, "metric:cpu"),
                        s(cpu("2026-11-30T10:00:30Z", 2, 0.9), Result.HOLD, 3, "pending-command"),
                        s(cpu("2026-11-30T10:01:00Z", 3, 0.9), Result.SCALE, 4, "metric:cpu")),
                c(
                        "a command that never shows is issued again once the actuator's command TTL has passed",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.9), Result.SCALE, 3, "metric:cpu"),
                        s(cpu("2026-11-30T10:01:30Z", 2, 0.9), Result.HOLD, 3, "pending-command"),
                        s(cpu("2026-11-30T10:02:00Z", 2, 0.9), Result.SCALE, 3, "metric:cpu")),
                c(
                        "an alert's command is awaited by an observation that still shows the old count",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(cpu("2026-11-30T10:00:15Z", 2, 0.5), Result.HOLD, 4, "pending-command"),
                        s(cpu("2026-11-30T10:00:45Z", 4, 0.5), Result.HOLD, 4, "metric:cpu")),
                c(
                        "alert floors: ten alerts of one rule, one per pod, raise it once; the last resolve releases it",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        podAlerts(10)),
                c(
                        "alert floors: 300 alerts of one rule, one per pod of a large Deployment: the floor holds until"
                                + " the last one resolves",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        podAlerts(300)),
                c(
                        "alert floor: released with alert-expired alert_floor_ttl after the last firing notification",
                        BASE + FLOOR_TTL + LATENCY_RULE.replace("[[", "\n[["),
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(cpu("2026-11-30T10:05:00Z", 4, 0.1), Result.HOLD, 4, "alert:latency"),
                        s(latency("a1", "2026-11-30T10:08:00Z", AlertStatus.FIRING), Result.HOLD, 4, "duplicate"),
                        s(cpu("2026-11-30T10:17:00Z", 4, 0.1), Result.HOLD, 4, "alert:latency"),
                        s(cpu("2026-11-30T10:18:30Z", 4, 0.1), Result.SCALE, 3, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:19:00Z", AlertStatus.FIRING), Result.HOLD, 3, "duplicate"),
                        s(cpu("2026-11-30T10:19:30Z", 3, 0.5), Result.HOLD, 3, "metric:cpu")),
                c(
                        "alert floor: an alert already counted never sets a new floor, however many signals came between",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        countedAlertAfterAFlood()),
                c(
                        "alert floor (Alertmanager HA): a late firing copy of an alert that resolved out of a floor"
                                + " other alerts still hold does not rejoin it, so the last resolve releases it",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                podAlert(0, Instant.parse("2026-11-30T10:00:10Z"), AlertStatus.FIRING),
                                Result.SCALE,
                                4,
                                "alert:latency"),
                        s(cpu("2026-11-30T10:00:15Z", 4, 0.5), Result.HOLD, 4, "metric:cpu"),
                        s(
                                podAlert(1, Instant.parse("2026-11-30T10:00:20Z"), AlertStatus.FIRING),
                                Result.HOLD,
                                4,
                                "alert:latency"),
                        s(
                                podAlert(0, Instant.parse("2026-11-30T10:01:00Z"), AlertStatus.RESOLVED),
                                Result.HOLD,
                                4,
                                "alert:latency"),
                        // the other Alertmanager's repeat, sent before it heard of the resolution
                        s(
                                podAlert(0, Instant.parse("2026-11-30T10:01:01Z"), AlertStatus.FIRING),
                                Result.HOLD,
                                4,
                                "duplicate"),
                        s(
                                podAlert(1, Instant.parse("2026-11-30T10:01:10Z"), AlertStatus.RESOLVED),
                                Result.HOLD,
                                4,
                                "no-recommendation"),
                        s(cpu("2026-11-30T10:01:20Z", 4, 0.1), Result.SCALE, 3, "metric:cpu")),
                c(
                        "alert floor: two rules keep one floor each, the higher wins",
                        NO_DOWN_WINDOW + LATENCY_RULE + """
                        [[alert_rules]]
                        name = "errors"
                        match = { alertname = "HighErrors" }
                        floor_replicas = 6
                        """,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(cpu("2026-11-30T10:00:20Z", 4, 0.5), Result.HOLD, 4, "metric:cpu"),
                        s(
                                alert(
                                        "e1",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        AlertStatus.FIRING,
                                        "fp-e",
                                        "2026-11-30T10:00:35Z",
                                        Map.of("alertname", "HighErrors")),
                                Result.SCALE,
                                6,
                                "alert:errors"),
                        s(cpu("2026-11-30T10:01:00Z", 6, 0.5), Result.HOLD, 6, "metric:cpu"),
                        s(cpu("2026-11-30T10:01:05Z", 6, 0.1), Result.HOLD, 6, "alert:errors"),
                        s(
                                alert(
                                        "e2",
                                        WEB,
                                        "2026-11-30T10:01:10Z",
                                        AlertStatus.RESOLVED,
                                        "fp-e",
                                        "2026-11-30T10:00:35Z",
                                        Map.of("alertname", "HighErrors")),
                                Result.HOLD,
                                6,
                                "missing-metrics"),
                        s(cpu("2026-11-30T10:01:30Z", 6, 0.1), Result.SCALE, 5, "metric:cpu"),
                        s(cpu("2026-11-30T10:02:00Z", 5, 0.1), Result.SCALE, 4, "metric:cpu"),
                        s(cpu("2026-11-30T10:02:30Z", 4, 0.1), Result.HOLD, 4, "alert:latency")),
                c(
                        "alert: a fingerprint too long to be Alertmanager's is refused",
                        BASE + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                alert(
                                        "big",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        AlertStatus.FIRING,
                                        "f".repeat(10_000),
                                        "2026-11-30T10:00:05Z",
                                        HIGH_LATENCY),
                                Result.REFUSED,
                                2,
                                "bound")),
                c(
                        "average_value: the workload's summed value over the target per replica",
                        NO_DOWN_WINDOW + AVERAGE_RPS,
                        s(rps("2026-11-30T10:00:00Z", 6, 250.0), Result.SCALE, 3, "metric:rps"),
                        s(rps("2026-11-30T10:00:30Z", 3, 290.0), Result.HOLD, 3, "metric:rps"),
                        s(rps("2026-11-30T10:01:00Z", 3, 1_000.0), Result.SCALE, 7, "rate-limit"),
                        s(rps("2026-11-30T10:01:30Z", 7, 1_000.0), Result.SCALE, 10, "metric:rps"),
                        s(rps("2026-11-30T10:02:00Z", 10, 1_000.0), Result.HOLD, 10, "metric:rps")),
                c(
                        "proportional: pods still starting count as idle on the way up, so the count does not run away",
                        NO_DOWN_WINDOW + PROPORTIONAL_CPU,
                        s(starting("2026-11-30T10:00:00Z", 10, 10, 1.0), Result.SCALE, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:00:20Z", 15, 10, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:00:40Z", 15, 10, 1.4), Result.SCALE, 20, "metric:cpu"),
                        s(starting("2026-11-30T10:01:40Z", 20, 20, 0.7), Result.HOLD, 20, "metric:cpu")),
                c(
                        "proportional: pods ready for less than the ready window still count as not ready on the way up",
                        NO_DOWN_WINDOW + PROPORTIONAL_CPU,
                        s(starting("2026-11-30T10:00:00Z", 10, 10, 1.0), Result.SCALE, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:01:00Z", 15, 15, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:02:30Z", 15, 15, 1.0), Result.SCALE, 22, "metric:cpu")),
                c(
                        "proportional: pods seen ready only after the observation a ready window ago are not settled yet",
                        NO_DOWN_WINDOW + PROPORTIONAL_CPU,
                        s(starting("2026-11-30T10:00:00Z", 10, 10, 1.0), Result.SCALE, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:00:15Z", 15, 10, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:01:00Z", 15, 10, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:01:15Z", 15, 15, 1.0), Result.HOLD, 15, "metric:cpu"),
                        // the 5 new pods were not ready at 10:01:00, exactly 2 minutes ago: ready for less than the
                        // window, so they still count as idle and the count stays
                        s(starting("2026-11-30T10:03:00Z", 15, 15, 1.0), Result.HOLD, 15, "metric:cpu"),
                        // ready at every observation of the last 2 minutes, 10:01:15 included: settled
                        s(starting("2026-11-30T10:03:15Z", 15, 15, 1.0), Result.SCALE, 22, "metric:cpu")),
                c(
                        "stabilization: an alert that recommends nothing does not hold the count for another window",
                        BASE + "[engine]\nstabilization_down = \"60s\"\n" + PROPORTIONAL_CPU + LATENCY_RULE,
                        s(starting("2026-11-30T10:00:00Z", 10, 10, 0.7), Result.HOLD, 10, "metric:cpu"),
                        s(starting("2026-11-30T10:00:30Z", 10, 10, 0.35), Result.HOLD, 10, "stabilization"),
                        s(
                                alert(
                                        "u1",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        AlertStatus.FIRING,
                                        "fp-u",
                                        "2026-11-30T10:00:35Z",
                                        Map.of("alertname", "PodRestarting")),
                                Result.HOLD,
                                10,
                                "no-recommendation"),
                        // the 10 of 10:00:00 has left the 60 s window; the alert matched no rule and recommended
                        // nothing, so only the metric's 5 of 10:00:30 and now remain
                        s(starting("2026-11-30T10:01:10Z", 10, 10, 0.35), Result.SCALE, 5, "metric:cpu")),
                c(
                        "proportional: with no pod ready at all (a count restored from 0) the count waits for them",
                        NO_DOWN_WINDOW + PROPORTIONAL_CPU,
                        s(starting("2026-11-30T10:00:00Z", 15, 0, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:00:20Z", 15, 0, 1.0), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:00:40Z", 15, 0, 0.1), Result.HOLD, 15, "metric:cpu"),
                        s(starting("2026-11-30T10:03:00Z", 15, 15, 1.0), Result.SCALE, 22, "metric:cpu")),
                c(
                        "proportional: pods still starting count at the target on the way down",
                        NO_DOWN_WINDOW + PROPORTIONAL_CPU,
                        s(starting("2026-11-30T10:00:00Z", 10, 5, 0.35), Result.SCALE, 8, "metric:cpu"),
                        s(starting("2026-11-30T10:00:20Z", 8, 4, 0.6), Result.HOLD, 8, "metric:cpu")),
                c(
                        "a negative value is missing: it never scales down",
                        NO_DOWN_WINDOW + AVERAGE_RPS,
                        s(rps("2026-11-30T10:00:00Z", 6, -5.0), Result.HOLD, 6, "no-recommendation")),
                c(
                        "switched off: a workload a person scaled to 0 stays off, min_replicas does not revive it",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 0, 0.9), Result.HOLD, 0, "switched-off"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.HOLD, 0, "switched-off"),
                        s(cpu("2026-11-30T10:00:30Z", 0, 0.1), Result.HOLD, 0, "switched-off")),
                c(
                        "switched off: an alert rule with activate_from_zero scales it up",
                        NO_DOWN_WINDOW + LATENCY_RULE + "activate_from_zero = true\n",
                        s(cpu("2026-11-30T10:00:00Z", 0, 0.9), Result.HOLD, 0, "switched-off"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 2, "alert:latency")),
                c(
                        "off by Scaligator's own command is not switched off: scale_to 0, then the metrics decide",
                        NO_DOWN_WINDOW.replace("[engine]", "min_replicas = 0\n[engine]"),
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t0",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 0, null, 60, "maintenance", "ops")),
                                Result.SCALE,
                                0,
                                "trigger:ops"),
                        s(cpu("2026-11-30T10:00:40Z", 0, null), Result.HOLD, 0, "trigger:ops"),
                        s(cpu("2026-11-30T10:01:20Z", 0, 0.9), Result.SCALE, 1, "metric:cpu")),
                c(
                        "trigger: scale_to sets the count below the metric recommendation, without stabilization",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 5, 0.9), Result.SCALE, 6, "metric:cpu"),
                        s(cpu("2026-11-30T10:00:30Z", 6, 0.5), Result.HOLD, 6, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 2, null, 60, "cost test", "ci")),
                                Result.SCALE,
                                2,
                                "trigger:ci"),
                        s(cpu("2026-11-30T10:01:00Z", 2, 0.9), Result.HOLD, 2, "trigger:ci"),
                        s(cpu("2026-11-30T10:01:50Z", 2, 0.9), Result.SCALE, 3, "metric:cpu")),
                c(
                        "trigger: scale_down lowers by its step for its TTL",
                        BASE,
                        s(cpu("2026-11-30T10:00:00Z", 6, 0.5), Result.HOLD, 6, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_DOWN, null, 2, 60, "shed", "ops")),
                                Result.SCALE,
                                4,
                                "trigger:ops")),
                c(
                        "trigger: scale_to stays within max and never goes below an alert floor",
                        BASE + "max_replicas = 8\n" + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 50, null, 60, "too many", "ci")),
                                Result.SCALE,
                                8,
                                "max-replicas"),
                        s(cpu("2026-11-30T10:00:30Z", 8, 0.5), Result.HOLD, 8, "max-replicas"),
                        s(
                                trigger(
                                        "t2",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 1, null, 60, "tiny", "ci")),
                                Result.SCALE,
                                1,
                                "trigger:ci"),
                        s(cpu("2026-11-30T10:00:45Z", 1, 0.5), Result.HOLD, 1, "trigger:ci"),
                        s(latency("a1", "2026-11-30T10:00:50Z", AlertStatus.FIRING), Result.SCALE, 3, "alert:latency")),
                c(
                        "trigger: scale_to is not applied during downtime",
                        BASE + nightRule("Mon-Fri 20:00-08:00 UTC"),
                        s(dev("2026-11-30T21:00:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(dev("2026-11-30T21:00:05Z", 0), Result.HOLD, 0, "time:night"),
                        s(
                                trigger(
                                        "t1",
                                        DEV_API,
                                        "2026-11-30T21:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 600, "test", "ci")),
                                Result.HOLD,
                                0,
                                "time:night")),
                c(
                        "trigger: a step received during downtime counts from the count restored after it, not from"
                                + " downtime_replicas",
                        BASE + nightRule("Mon-Fri 20:00-08:00 UTC"),
                        s(dev("2026-11-30T21:00:00Z", 4), Result.SCALE, 0, "time:night"),
                        s(dev("2026-11-30T21:00:30Z", 0), Result.HOLD, 0, "time:night"),
                        s(
                                trigger(
                                        "t1",
                                        DEV_API,
                                        "2026-12-01T07:55:00Z",
                                        new TriggerDetails(TriggerAction.SCALE_DOWN, null, 1, 3600, "shed", "ci")),
                                Result.HOLD,
                                0,
                                "time:night"),
                        s(
                                trigger(
                                        "t2",
                                        DEV_API,
                                        "2026-12-01T07:56:00Z",
                                        new TriggerDetails(TriggerAction.SCALE_UP, null, 2, 3600, "demo", "ops")),
                                Result.HOLD,
                                0,
                                "time:night"),
                        // scale_down wins over scale_up: 4 - 1, not max(0 - 1, min)
                        s(dev("2026-12-01T08:00:30Z", 0), Result.SCALE, 3, "trigger:ci"),
                        s(dev("2026-12-01T08:01:00Z", 3), Result.HOLD, 3, "trigger:ci"),
                        // the scale_down ended: 4 restored, and the scale_up raises it by 2
                        s(dev("2026-12-01T08:55:30Z", 3), Result.SCALE, 6, "trigger:ops")),
                c(
                        "trigger: a cancel naming its id ends it early",
                        NO_DOWN_WINDOW,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 3600, "sale", "shop")),
                                Result.SCALE,
                                5,
                                "trigger:shop"),
                        s(cpu("2026-11-30T10:00:30Z", 5, 0.1), Result.HOLD, 5, "trigger:shop"),
                        s(
                                trigger(
                                        "c1",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        new TriggerDetails(
                                                TriggerAction.CANCEL, null, null, 1, "sale over", "shop", "t1")),
                                Result.HOLD,
                                5,
                                "no-recommendation"),
                        s(cpu("2026-11-30T10:01:00Z", 5, 0.1), Result.SCALE, 4, "metric:cpu")),
                c(
                        "trigger: a huge step saturates and is capped at max",
                        BASE + "max_replicas = 50\n",
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:10Z",
                                        new TriggerDetails(
                                                TriggerAction.SCALE_UP,
                                                null,
                                                TriggerDetails.MAX_AMOUNT,
                                                60,
                                                "burst",
                                                "ci")),
                                Result.SCALE,
                                6,
                                "rate-limit")),
                c(
                        "deleted workload: state dropped, signals refused until it is observed again",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(
                                Observation.ofDeleted("obs-gone", WEB, Instant.parse("2026-11-30T10:00:30Z")),
                                Result.REFUSED,
                                0,
                                "deleted"),
                        s(latency("a2", "2026-11-30T10:00:40Z", AlertStatus.FIRING), Result.REFUSED, 0, "deleted"),
                        s(
                                trigger(
                                        "t1",
                                        WEB,
                                        "2026-11-30T10:00:50Z",
                                        new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 60, "x", "ci")),
                                Result.REFUSED,
                                0,
                                "deleted"),
                        s(cpu("2026-11-30T10:01:00Z", 1, 0.5), Result.HOLD, 1, "metric:cpu")),
                c(
                        "excluded workload: state dropped, alerts and triggers refused without setting anything",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:30Z",
                                        4,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/exclude", "true"),
                                        null),
                                Result.REFUSED,
                                4,
                                "excluded"),
                        s(
                                alert(
                                        "b1",
                                        WEB,
                                        "2026-11-30T10:00:40Z",
                                        AlertStatus.FIRING,
                                        "fp-b",
                                        "2026-11-30T10:00:35Z",
                                        HIGH_LATENCY),
                                Result.REFUSED,
                                4,
                                "excluded"),
                        s(cpu("2026-11-30T10:01:00Z", 4, 0.1), Result.SCALE, 3, "metric:cpu")),
                c(
                        "lifting an exclusion of a workload downtime keeps at 0 restores its count when the window ends",
                        BASE + nightRule("Mon-Fri 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-11-30T18:00:00Z", 3), Result.HOLD, 3, "metric:cpu"),
                        s(dev("2026-11-30T19:30:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(excludedDev("2026-11-30T23:00:00Z", 0), Result.REFUSED, 0, "excluded"),
                        // lifted inside the window: the 0 is still the one Scaligator set, not a person's switch-off
                        s(dev("2026-12-01T01:00:00Z", 0), Result.HOLD, 0, "time:night"),
                        s(dev("2026-12-01T07:30:00Z", 0), Result.SCALE, 3, "time:restore")),
                c(
                        "lifting an exclusion after the window restores the count the window started from",
                        BASE + nightRule("Mon-Fri 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-11-30T19:30:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(excludedDev("2026-11-30T23:00:00Z", 0), Result.REFUSED, 0, "excluded"),
                        s(excludedDev("2026-12-01T09:00:00Z", 0), Result.REFUSED, 0, "excluded"),
                        s(dev("2026-12-01T10:00:00Z", 0), Result.SCALE, 3, "time:restore")),
                c(
                        "a count a person set while the workload was excluded is theirs: nothing is restored over it",
                        BASE + nightRule("Mon-Fri 20:00-08:00 Europe/Berlin"),
                        s(dev("2026-11-30T19:30:00Z", 3), Result.SCALE, 0, "time:night"),
                        s(excludedDev("2026-11-30T23:00:00Z", 0), Result.REFUSED, 0, "excluded"),
                        s(excludedDev("2026-12-01T09:00:00Z", 5), Result.REFUSED, 5, "excluded"),
                        s(excludedDev("2026-12-01T09:30:00Z", 0), Result.REFUSED, 0, "excluded"),
                        // 5 then 0, both a person's: switched off, as any 0 a person sets
                        s(dev("2026-12-01T10:00:00Z", 0), Result.HOLD, 0, "switched-off")),
                c(
                        "lifting an exclusion starts afresh, but an alert already counted is not counted again",
                        NO_DOWN_WINDOW + LATENCY_RULE,
                        s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"),
                        s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"),
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:30Z",
                                        4,
                                        Map.of("cpu", 0.5),
                                        Map.of("scaligator.io/exclude", "true"),
                                        null),
                                Result.REFUSED,
                                4,
                                "excluded"),
                        s(cpu("2026-11-30T10:01:00Z", 4, 0.5), Result.HOLD, 4, "metric:cpu"),
                        // Alertmanager's repeat of the alert that set the first floor
                        s(latency("a1", "2026-11-30T10:01:30Z", AlertStatus.FIRING), Result.HOLD, 4, "duplicate"),
                        // the same alert firing anew (another startsAt) is a new instance and sets a floor
                        s(
                                alert(
                                        "a2",
                                        WEB,
                                        "2026-11-30T10:02:00Z",
                                        AlertStatus.FIRING,
                                        "fp-latency",
                                        "2026-11-30T10:01:50Z",
                                        HIGH_LATENCY),
                                Result.SCALE,
                                6,
                                "alert:latency")),
                c(
                        "a malformed annotation holds and says which",
                        BASE,
                        s(
                                observation(
                                        WEB,
                                        "2026-11-30T10:00:00Z",
                                        2,
                                        Map.of("cpu", 0.9),
                                        Map.of("scaligator.io/min-replicas", "lots"),
                                        null),
                                Result.HOLD,
                                2,
                                "annotation")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        Policy policy = Fixtures.policy(c.toml());
        DecisionCore core = new DecisionCore();
        Map<String, TargetState> states = new HashMap<>();
        long offset = 0;
        for (Step step : c.steps()) {
            String key = step.event().key();
            Evaluation e = core.evaluate(states.get(key), Signal.of(step.event(), "in", 0, offset++), policy);
            states.put(key, e.state());
            Decision d = e.decision();
            String where = "step " + offset + " (" + step.event().id() + "): " + d.reason();
            assertThat(d.result()).as(where).isEqualTo(step.result());
            assertThat(d.desiredReplicas()).as(where).isEqualTo(step.desired());
            if (step.rule() != null) {
                assertThat(d.rule()).as(where).isEqualTo(step.rule());
            }
            assertThat(d.policyVersion()).isEqualTo(policy.version());
            assertThat(e.command() != null).as(where).isEqualTo(step.result() == Result.SCALE);
            if (e.command() != null) {
                assertThat(e.command().toReplicas()).isEqualTo(step.desired());
                assertThat(e.command().id()).isEqualTo(d.commandId());
                assertThat(TargetStateCodec.decode(TargetStateCodec.encode(e.state())))
                        .isEqualTo(e.state());
            }
        }
    }

    /**
     * One active trigger per source: a caller's latest instruction replaces its earlier one, and the decision says
     * so with the whole id of the trigger it replaced, which a cancel then no longer finds.
     */
    @Test
    void aTriggerReplacesTheActiveTriggerOfItsSourceAndSaysWhich() {
        Policy policy = Fixtures.policy(NO_DOWN_WINDOW);
        DecisionCore core = new DecisionCore();
        String first = "tr-" + "a".repeat(64);
        String second = "tr-" + "b".repeat(64);
        List<ScaligatorEvent> events = List.of(
                cpu("2026-11-30T10:00:00Z", 2, 0.5),
                trigger(
                        first,
                        WEB,
                        "2026-11-30T10:00:10Z",
                        new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 3600, "sale", "ci")),
                trigger(
                        "tr-" + "c".repeat(64),
                        WEB,
                        "2026-11-30T10:00:20Z",
                        new TriggerDetails(TriggerAction.SCALE_UP, null, 1, 3600, "other caller", "ops")),
                trigger(
                        second,
                        WEB,
                        "2026-11-30T10:00:30Z",
                        new TriggerDetails(TriggerAction.HOLD, null, null, 60, "freeze", "ci")),
                trigger(
                        "tr-" + "d".repeat(64),
                        WEB,
                        "2026-11-30T10:00:40Z",
                        new TriggerDetails(TriggerAction.CANCEL, null, null, 1, "sale over", "ci", first)));
        TargetState state = null;
        List<String> reasons = new ArrayList<>();
        long offset = 0;
        for (ScaligatorEvent event : events) {
            Evaluation e = core.evaluate(state, Signal.of(event, "in", 0, offset++), policy);
            state = e.state();
            reasons.add(e.decision().reason());
        }

        assertThat(reasons.get(1)).startsWith("trigger " + first + " from ci (scale_to 5, valid until ");
        assertThat(reasons.get(2)).doesNotContain("replacing");
        assertThat(reasons.get(3))
                .startsWith("trigger " + second + " from ci (hold, valid until 2026-11-30T10:01:30Z) accepted,"
                        + " replacing scale_to trigger " + first + " from the same source");
        assertThat(reasons.get(4))
                .startsWith("cancel of trigger " + first + ": no such active trigger (it ended, expired, or a later"
                        + " trigger from its source replaced it)");
        assertThat(state.triggers())
                .extracting(TargetState.ActiveTrigger::signalId)
                .as("sorted by source: ci, ops")
                .containsExactly(second, "tr-" + "c".repeat(64));
    }

    /**
     * Signals that arrive before an observation shows the last command (a poll interval can be 30 s, a command
     * applies in milliseconds) start from the count it sets: the actuator applies a workload's commands in order
     * and skips one decided from a count the workload no longer has. A relative floor and a trigger's step count
     * from there too.
     */
    @Test
    void signalsBeforeTheNextObservationScaleOnFromTheAwaitedCommand() {
        Policy policy = Fixtures.policy(NO_DOWN_WINDOW + "scale_up_pods = 100\n" + LATENCY_RULE + """
                [[alert_rules]]
                name = "errors"
                match = { alertname = "HighErrors" }
                floor_add = 3
                """);
        DecisionCore core = new DecisionCore();
        List<ScaligatorEvent> events = List.of(
                cpu("2026-11-30T10:00:00Z", 2, 0.5),
                latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING),
                alert(
                        "e1",
                        WEB,
                        "2026-11-30T10:00:11Z",
                        AlertStatus.FIRING,
                        "fp-errors",
                        "2026-11-30T10:00:06Z",
                        Map.of("alertname", "HighErrors")),
                trigger(
                        "t1",
                        WEB,
                        "2026-11-30T10:00:12Z",
                        new TriggerDetails(TriggerAction.SCALE_UP, null, 2, 600, "release", "ci")),
                cpu("2026-11-30T10:00:13Z", 2, 0.5),
                cpu("2026-11-30T10:00:14Z", 4, 0.5),
                cpu("2026-11-30T10:00:30Z", 9, 0.5));
        TargetState state = null;
        List<String> commands = new ArrayList<>();
        List<String> decisions = new ArrayList<>();
        long offset = 0;
        for (ScaligatorEvent event : events) {
            Evaluation e = core.evaluate(state, Signal.of(event, "in", 0, offset++), policy);
            state = e.state();
            decisions.add(e.decision().result() + " " + e.decision().currentReplicas() + "->"
                    + e.decision().desiredReplicas() + " " + e.decision().rule());
            if (e.command() != null) {
                commands.add(e.command().fromReplicas() + "->" + e.command().toReplicas());
            }
        }

        // latency: 2 + 2; errors: 3 more than the 4 the workload is getting; the trigger: 2 more than those 7.
        // Observations taken before the actuator applied them, or between two of them, await the last.
        assertThat(commands).containsExactly("2->4", "4->7", "7->9");
        assertThat(decisions)
                .containsExactly(
                        "HOLD 2->2 metric:cpu",
                        "SCALE 2->4 alert:latency",
                        "SCALE 4->7 alert:errors",
                        "SCALE 7->9 trigger:ci",
                        "HOLD 9->9 pending-command",
                        "HOLD 9->9 pending-command",
                        "HOLD 9->9 metric:cpu");
    }

    /** Alerts of one rule for one Deployment, one per pod, 1.5 s apart, with the scale showing in between. */
    private static Step[] podAlerts(int pods) {
        List<Step> steps = new ArrayList<>();
        steps.add(s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"));
        Instant t = Instant.parse("2026-11-30T10:00:10Z");
        for (int pod = 0; pod < pods; pod++) {
            Instant at = t.plusMillis(1_500L * pod);
            steps.add(s(
                    podAlert(pod, at, AlertStatus.FIRING),
                    pod == 0 ? Result.SCALE : Result.HOLD,
                    4,
                    pod == 0 ? "alert:latency" : pod == 1 ? "pending-command" : "alert:latency"));
            if (pod == 1) {
                steps.add(s(cpu(at.plusMillis(500).toString(), 4, 0.5), Result.HOLD, 4, "metric:cpu"));
            }
        }
        Instant observed = t.plusMillis(1_500L * pods).plusSeconds(30);
        steps.add(s(cpu(observed.toString(), 4, 0.5), Result.HOLD, 4, "metric:cpu"));
        Instant resolving = observed.plusSeconds(60);
        for (int pod = 0; pod < pods; pod++) {
            steps.add(s(
                    podAlert(pod, resolving.plusSeconds(pod), AlertStatus.RESOLVED),
                    Result.HOLD,
                    4,
                    pod < pods - 1 ? "alert:latency" : "no-recommendation"));
        }
        steps.add(s(cpu(resolving.plusSeconds(pods + 60L).toString(), 4, 0.1), Result.SCALE, 3, "metric:cpu"));
        return steps.toArray(Step[]::new);
    }

    private static AlertSignal podAlert(int pod, Instant at, AlertStatus status) {
        Map<String, String> labels = Map.of("alertname", "HighLatency", "pod", "web-7d9f-" + pod);
        return alert(
                "pod" + pod + "-" + status + "-" + at,
                WEB,
                at.toString(),
                status,
                "fp-pod-" + pod,
                "2026-11-30T10:00:05Z",
                labels);
    }

    /** An alert, then 300 other signals (past the seen-id window), then the same alert again, then after its end. */
    private static Step[] countedAlertAfterAFlood() {
        List<Step> steps = new ArrayList<>();
        steps.add(s(cpu("2026-11-30T10:00:00Z", 2, 0.5), Result.HOLD, 2, "metric:cpu"));
        steps.add(s(latency("a1", "2026-11-30T10:00:10Z", AlertStatus.FIRING), Result.SCALE, 4, "alert:latency"));
        steps.add(s(cpu("2026-11-30T10:00:20Z", 4, 0.5), Result.HOLD, 4, "metric:cpu"));
        Instant t = Instant.parse("2026-11-30T10:00:30Z");
        for (int i = 0; i < 300; i++) {
            steps.add(s(
                    trigger(
                            "flood" + i,
                            WEB,
                            t.plusMillis(i).toString(),
                            new TriggerDetails(TriggerAction.HOLD, null, null, 1, "flood", "flood")),
                    Result.HOLD,
                    4,
                    null));
        }
        steps.add(s(latency("a1", "2026-11-30T10:01:00Z", AlertStatus.FIRING), Result.HOLD, 4, "duplicate"));
        steps.add(s(latency("r1", "2026-11-30T10:01:10Z", AlertStatus.RESOLVED), Result.HOLD, 4, "no-recommendation"));
        steps.add(s(cpu("2026-11-30T10:01:20Z", 4, 0.5), Result.HOLD, 4, "metric:cpu"));
        steps.add(s(latency("a1", "2026-11-30T10:01:30Z", AlertStatus.FIRING), Result.HOLD, 4, "duplicate"));
        return steps.toArray(Step[]::new);
    }

    private static Arguments c(String name, String toml, Step... steps) {
        return Arguments.of(new Case(name, toml, List.of(steps)));
    }

    private static Step s(ScaligatorEvent event, Result result, Integer desired, String rule) {
        return new Step(event, result, desired, rule);
    }

    /** An observation of web with {@code ready} of its {@code spec} replicas ready and their mean CPU. */
    private static Observation starting(String at, int spec, int ready, double cpu) {
        return new Observation(
                "obs-web-" + at,
                WEB,
                Instant.parse(at),
                spec,
                ready,
                List.of(io.scaligator.common.event.MetricSample.present("cpu", cpu)),
                null,
                Map.of());
    }

    private static io.scaligator.common.event.Observation rps(String at, int spec, double rps) {
        return observation(WEB, at, spec, Map.of("rps", rps), Map.of(), null);
    }

    private static io.scaligator.common.event.Observation dev(String at, int spec) {
        return observation(DEV_API, at, spec, Map.of("cpu", 0.5), Map.of(), null);
    }

    private static io.scaligator.common.event.Observation excludedDev(String at, int spec) {
        return observation(DEV_API, at, spec, Map.of("cpu", 0.5), Map.of("scaligator.io/exclude", "true"), null);
    }

    private static AlertSignal latency(String id, String at, AlertStatus status) {
        return alert(id, WEB, at, status, "fp-latency", "2026-11-30T10:00:05Z", HIGH_LATENCY);
    }

    private static String nightRule(String downtime) {
        return "[[time_rules]]\nname = \"night\"\nnamespaces = [\"dev\"]\ndowntime = \"" + downtime + "\"\n";
    }

    private static Map<String, Double> metrics(Object... pairs) {
        Map<String, Double> map = new HashMap<>();
        List<Object> list = new ArrayList<>(Arrays.asList(pairs));
        for (int i = 0; i < list.size(); i += 2) {
            map.put((String) list.get(i), (Double) list.get(i + 1));
        }
        return map;
    }
}
