package io.scaligator.simulator;

import io.scaligator.common.config.AlertRule;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scaligator's real decision core under a policy read from a config file. Every reconcile_interval it gets an
 * Observation (event time = simulated time) with one sample per metric rule: utilization rules read the
 * utilization averaged over the metric window, value rules the summed value (windowed demand x value_per_pod).
 * Each alert rule gets an alert that fires once utilization has stayed above alert_threshold for alert_for,
 * is repeated every alert_repeat_interval while it fires (as Alertmanager's repeat_interval does), and resolves
 * when utilization falls back. Each command the core issues is applied to the workload at once.
 */
final class EngineAutoscaler implements Autoscaler {

    private final DecisionCore core = new DecisionCore();
    private final Policy policy;
    private final TargetRef target;
    private final long start;
    private final long interval;
    private final double valuePerPod;
    private final List<SimulatedAlert> alerts = new ArrayList<>();
    private TargetState state = TargetState.empty();
    private long observations;
    private long signals;

    EngineAutoscaler(Policy policy, long startSecond, long reconcileSeconds, SimulationSettings settings) {
        this.policy = policy;
        this.target = settings.target();
        this.start = startSecond;
        this.interval = reconcileSeconds;
        this.valuePerPod = settings.valuePerPod();
        for (AlertRule rule : policy.alertRules()) {
            alerts.add(new SimulatedAlert(rule, settings));
        }
    }

    @Override
    public void tick(long second, Sensor sensor, Workload workload) {
        if (sensor.scrapedNow()) {
            for (SimulatedAlert alert : alerts) {
                AlertDetails details = alert.evaluate(second, sensor.utilization(), target);
                if (details != null) {
                    String id = "sim-alert-" + signals;
                    evaluate(
                            new AlertSignal(
                                    id,
                                    AlertSignal.SignalKind.ALERT,
                                    target,
                                    null,
                                    true,
                                    null,
                                    Instant.ofEpochSecond(second),
                                    details,
                                    null),
                            "alerts",
                            signals++,
                            second,
                            workload);
                }
            }
        }
        if ((second - start) % interval == 0) {
            String id = "sim-observation-" + observations;
            Observation observation = new Observation(
                    id,
                    target,
                    Instant.ofEpochSecond(second),
                    workload.replicas(),
                    workload.ready(second),
                    samples(sensor),
                    null,
                    Map.of());
            evaluate(observation, "observations", observations++, second, workload);
        }
    }

    private List<MetricSample> samples(Sensor sensor) {
        List<MetricSample> samples = new ArrayList<>(policy.metricRules().size());
        for (MetricRule rule : policy.metricRules()) {
            double value = rule.kind() == MetricRule.MetricKind.UTILIZATION
                    ? sensor.utilization()
                    : sensor.demand() * valuePerPod;
            samples.add(MetricSample.present(rule.name(), value));
        }
        return samples;
    }

    private void evaluate(ScaligatorEvent event, String topic, long offset, long second, Workload workload) {
        Evaluation evaluation = core.evaluate(state, Signal.of(event, topic, 0, offset), policy);
        state = evaluation.state();
        if (evaluation.command() != null) {
            workload.scaleTo(evaluation.command().toReplicas(), second);
        }
    }

    /** A Prometheus alert on utilization with a {@code for} duration, as Alertmanager would deliver it. */
    private static final class SimulatedAlert {
        private final AlertRule rule;
        private final double threshold;
        private final long forSeconds;
        private final long repeatSeconds;
        private Long pendingSince;
        private Instant startsAt;
        private long lastSent;

        SimulatedAlert(AlertRule rule, SimulationSettings settings) {
            this.rule = rule;
            this.threshold = settings.alertThreshold();
            this.forSeconds = settings.alertFor().toSeconds();
            this.repeatSeconds = settings.alertRepeatInterval().toSeconds();
        }

        /** The notification due at this scrape, or null. */
        AlertDetails evaluate(long second, double utilization, TargetRef target) {
            if (utilization > threshold) {
                if (pendingSince == null) {
                    pendingSince = second;
                }
                if (startsAt == null && second - pendingSince >= forSeconds) {
                    startsAt = Instant.ofEpochSecond(second);
                    lastSent = second;
                    return details(AlertDetails.AlertStatus.FIRING, null, target);
                }
                if (startsAt != null && second - lastSent >= repeatSeconds) {
                    lastSent = second;
                    return details(AlertDetails.AlertStatus.FIRING, null, target);
                }
                return null;
            }
            pendingSince = null;
            if (startsAt == null) {
                return null;
            }
            AlertDetails resolved = details(AlertDetails.AlertStatus.RESOLVED, Instant.ofEpochSecond(second), target);
            startsAt = null;
            return resolved;
        }

        private AlertDetails details(AlertDetails.AlertStatus status, Instant endsAt, TargetRef target) {
            Map<String, String> labels = new TreeMap<>(rule.match());
            labels.putIfAbsent("alertname", rule.name());
            labels.put("namespace", target.namespace());
            labels.put(target.kind().name().toLowerCase(Locale.ROOT), target.name());
            return new AlertDetails(
                    labels.get("alertname"),
                    status,
                    "sim-" + rule.name(),
                    startsAt,
                    endsAt,
                    labels,
                    Map.of(),
                    null,
                    "simulator",
                    null);
        }
    }
}
