package io.scaligator.engine.core;

import io.scaligator.common.config.AlertRule;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.Recommendation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pure decision function: (state, signal, policy) -> (decision, command, new state). No I/O and no clock:
 * time is the signal's event time, ids derive from the signal's coordinates, so the same inputs always give the
 * same outputs, byte for byte.
 *
 * <p>Order: refusals (not allowed, namespace, other autoscaler, excluded), paused, downtime (wins, bypasses
 * stabilization and rate policies, clamped to max only), otherwise max(metric rules, alert floors, triggers,
 * replicas to restore after downtime), never below current on missing metric data, clamped to [min, max], then
 * stabilization and rate policies.
 */
public final class DecisionCore {

    /** Evaluates one signal for its target. */
    public Evaluation evaluate(TargetState state, Signal signal, Policy policy) {
        TargetState before = state == null ? TargetState.empty() : state;
        if (signal.event() instanceof AlertSignal alert && alert.target() == null) {
            return new Evaluation(null, null, before);
        }
        Instant now = signal.event().eventTime();
        TargetState pruned = before.pruned(now, policy.behavior());
        Outcome out = new Outcome(signal, policy, targetOf(signal), now);
        if (!policy.mayScale(out.target.namespace())) {
            int current = signal.event() instanceof Observation o ? o.specReplicas() : currentOf(before);
            return out.refused(before, current, "namespace", "namespace " + out.target.namespace()
                    + (out.target.namespace().equals(policy.ownNamespace()) ? " is Scaligator's own namespace"
                    : " is not in watch_namespaces") + "; Scaligator never scales it");
        }
        if (signal.event() instanceof Observation obs) {
            TargetState observed = settleCommand(SignalIntake.resolvePending(pruned.withObservation(
                    new TargetState.LastObservation(obs.observedAt(), obs.specReplicas(), obs.otherAutoscaler(),
                            obs.annotations(), obs.metrics())), obs.specReplicas()), obs, policy.behavior());
            return evaluateTarget(observed, out, true, null);
        }
        AlertSignal alert = (AlertSignal) signal.event();
        if (!alert.allowed()) {
            return out.refused(before, currentOf(before), "not-allowed", "signal " + alert.id() + " is not allowed: "
                    + alert.notAllowedReason());
        }
        SignalIntake.Applied applied = SignalIntake.apply(pruned, alert, policy);
        if (applied.duplicate()) {
            return out.hold(applied.state(), currentOf(applied.state()), currentOf(applied.state()), List.of(),
                    "duplicate", applied.note());
        }
        if (!applied.state().hasObservation()) {
            return out.hold(applied.state(), 0, 0, List.of(), "no-observation", applied.note()
                    + "; no observation of the target yet, so nothing changes until the first one");
        }
        return evaluateTarget(applied.state(), out, false, applied.note());
    }

    private Evaluation evaluateTarget(TargetState state, Outcome out, boolean freshMetrics, String note) {
        TargetState.LastObservation obs = state.observation();
        int current = obs.specReplicas();
        out.note(note);
        if (obs.otherAutoscaler() != null) {
            return out.refused(state, current, "other-autoscaler", "managed by " + obs.otherAutoscaler()
                    + "; Scaligator never scales a target another autoscaler manages");
        }
        if (Overrides.flag(obs.annotations(), Overrides.EXCLUDE)) {
            return out.refused(state, current, "excluded", "annotation " + Overrides.EXCLUDE + "=true");
        }
        if (Overrides.flag(obs.annotations(), Overrides.PAUSED)) {
            return out.hold(state, current, current, List.of(), "paused", "annotation " + Overrides.PAUSED
                    + "=true: replicas stay at " + current);
        }
        Overrides overrides;
        TimeWindows.Verdict time;
        try {
            overrides = Overrides.read(obs.annotations(), out.policy);
            time = TimeWindows.at(out.now, out.target.namespace(), overrides, out.policy);
        } catch (Overrides.BadAnnotation e) {
            return out.hold(state, current, current, List.of(), "annotation", e.getMessage()
                    + "; nothing changes until it is fixed");
        }
        if (freshMetrics) {
            out.metrics = obs.metrics();
        }
        List<Recommendation> recs = new ArrayList<>();
        if (time != null) {
            recs.add(new Recommendation(time.source(), time.downtime() ? time.replicas() : null, time.reason()));
        }
        if (time != null && time.downtime()) {
            return downtime(state, out, current, time, overrides, recs);
        }
        List<String> missing = new ArrayList<>();
        if (freshMetrics) {
            for (MetricRule rule : out.policy.metricRules()) {
                recs.add(MetricRecommender.recommend(rule, sample(obs.metrics(), rule.name()), current,
                        out.policy.behavior().tolerance(), missing));
            }
        } else if (!out.policy.metricRules().isEmpty()) {
            missing.add("metrics are only read from observations, so this signal cannot lower replicas");
        }
        for (TargetState.AlertFloor floor : state.floors()) {
            recs.add(floorRecommendation(floor, current, out.policy));
        }
        Optional<TargetState.ActiveTrigger> hold = state.triggers().stream()
                .filter(TargetState.ActiveTrigger::holds).findFirst();
        if (hold.isPresent()) {
            return out.hold(state, current, current, recs, "trigger:" + hold.get().source(), "hold trigger "
                    + hold.get().signalId() + " until " + hold.get().expiresAt() + ": " + hold.get().reason());
        }
        for (TargetState.ActiveTrigger t : state.triggers()) {
            recs.add(new Recommendation("trigger:" + t.source(), t.replicas(), t.action() + " trigger "
                    + t.signalId() + " until " + t.expiresAt() + ": " + t.reason()));
        }
        Integer original = state.downtimeOriginalReplicas();
        if (original != null) {
            recs.add(new Recommendation("time:restore", original, "downtime is over: restore the " + original
                    + " replicas it started from"));
        }
        return combine(state, out, current, recs, missing, overrides, original != null);
    }

    private Evaluation downtime(TargetState state, Outcome out, int current, TimeWindows.Verdict time,
            Overrides overrides, List<Recommendation> recs) {
        int desired = Math.min(time.replicas(), overrides.max());
        int original = state.downtimeOriginalReplicas() != null ? state.downtimeOriginalReplicas() : current;
        TargetState next = state.withDowntimeOriginal(original);
        String reason = time.reason() + (desired < time.replicas() ? " (capped at max " + overrides.max() + ")" : "")
                + "; " + original + " replicas are restored when it ends";
        return out.result(next, current, desired, recs, time.source(), reason);
    }

    private Evaluation combine(TargetState state, Outcome out, int current, List<Recommendation> recs,
            List<String> missing, Overrides overrides, boolean restoring) {
        Recommendation winner = null;
        for (Recommendation r : recs) {
            if (r.replicas() != null && (winner == null || r.replicas() > winner.replicas())) {
                winner = r;
            }
        }
        int desired = winner == null ? current : winner.replicas();
        String rule = winner == null ? "no-recommendation" : winner.source();
        StringBuilder reason = new StringBuilder(winner == null ? "no source recommends a count" : winner.reason());
        if (!missing.isEmpty() && desired < current) {
            desired = current;
            rule = "missing-metrics";
            reason.append("; but ").append(String.join("; ", missing)).append(": no scale-down on missing data");
        } else if (!missing.isEmpty()) {
            reason.append(" (").append(String.join("; ", missing)).append(")");
        }
        TargetState next = state;
        if (restoring) {
            // Restoring after downtime is an explicit schedule: it bypasses stabilization and rate policies.
            int clamped = Math.max(overrides.min(), Math.min(overrides.max(), desired));
            if (clamped != desired) {
                rule = clamped > desired ? "min-replicas" : "max-replicas";
                reason.append(clamped > desired ? "; raised to min " : "; capped at max ").append(clamped);
            }
            return out.result(next.withDowntimeOriginal(null), current, clamped, recs, rule, reason.toString());
        }
        // As the HPA controller does: the unclamped recommendation is remembered and stabilized, then rate
        // policies and [min, max] bound the step from the current count.
        Behavior behavior = out.policy.behavior();
        next = next.withRecommendation(new TargetState.TimedReplicas(out.now, desired));
        int stabilized = HpaBehavior.stabilize(current, desired, next.recommendations(), out.now, behavior);
        if (stabilized != desired) {
            rule = "stabilization";
            reason.append("; stabilization window (up ").append(TargetState.human(behavior.stabilizationUp()))
                    .append(", down ").append(TargetState.human(behavior.stabilizationDown()))
                    .append(") keeps ").append(stabilized);
        }
        int low = overrides.min();
        int high = overrides.max();
        String rateRule = null;
        if (stabilized > current) {
            int limit = HpaBehavior.scaleUpLimit(current, next.scaleEvents(), out.now, behavior);
            if (limit < high) {
                high = Math.max(current, limit);
                rateRule = "scale-up rate policy (max(" + behavior.scaleUpPercent() + "%, " + behavior.scaleUpPods()
                        + " pods) per " + TargetState.human(behavior.scaleUpPeriod()) + ")";
            }
        } else if (stabilized < current) {
            int limit = HpaBehavior.scaleDownLimit(current, next.scaleEvents(), out.now, behavior);
            if (limit > low) {
                low = Math.min(current, limit);
                rateRule = "scale-down rate policy (" + behavior.scaleDownPercent() + "% per "
                        + TargetState.human(behavior.scaleDownPeriod()) + ")";
            }
        }
        desired = stabilized;
        if (desired > high) {
            desired = high;
            rule = rateRule != null ? "rate-limit" : "max-replicas";
            reason.append("; ").append(rateRule != null ? rateRule + " allows " : "capped at max ").append(high);
        } else if (desired < low) {
            desired = low;
            rule = rateRule != null ? "rate-limit" : "min-replicas";
            reason.append("; ").append(rateRule != null ? rateRule + " allows " : "raised to min ").append(low);
        }
        return out.result(next, current, desired, recs, rule, reason.toString());
    }

    /**
     * The last command is awaited until an observation no longer shows the count it started from (applied, or
     * changed by someone else), or until the command wait has passed (the actuator then drops it as expired).
     */
    private static TargetState settleCommand(TargetState state, Observation obs, Behavior behavior) {
        TargetState.ScaleEvent pending = state.pendingCommand();
        if (pending == null) {
            return state;
        }
        boolean moved = obs.specReplicas() != pending.from();
        boolean givenUp = !obs.observedAt().isBefore(pending.at().plus(behavior.commandWait()));
        return moved || givenUp ? state.withPendingCommand(null) : state;
    }

    private static Recommendation floorRecommendation(TargetState.AlertFloor floor, int current, Policy policy) {
        Optional<AlertRule> rule = policy.alertRules().stream().filter(r -> r.name().equals(floor.rule())).findFirst();
        String alert = "alert " + floor.alertName() + " (" + floor.fingerprint() + ") firing since " + floor.startsAt();
        if (rule.isEmpty()) {
            return new Recommendation("alert:" + floor.rule(), null, alert + ": rule " + floor.rule()
                    + " is no longer in the policy");
        }
        int atFiring = floor.replicasAtFiring() != null ? floor.replicasAtFiring() : current;
        int value = rule.get().floor(atFiring);
        return new Recommendation("alert:" + floor.rule(), value, alert + ": floor " + value + " ("
                + rule.get().floorKind().name().toLowerCase(Locale.ROOT) + " " + rule.get().floorAmount()
                + " of " + atFiring + " at firing)");
    }

    private static MetricSample sample(List<MetricSample> samples, String rule) {
        for (MetricSample s : samples) {
            if (s.rule().equals(rule)) {
                return s;
            }
        }
        return null;
    }

    private static TargetRef targetOf(Signal signal) {
        return signal.event() instanceof Observation o ? o.target() : ((AlertSignal) signal.event()).target();
    }

    private static int currentOf(TargetState state) {
        return state.hasObservation() ? state.observation().specReplicas() : 0;
    }

    /** Builds the decision (and command) of one evaluation. */
    private static final class Outcome {
        private final Signal signal;
        private final Policy policy;
        private final TargetRef target;
        private final Instant now;
        private List<MetricSample> metrics = List.of();
        private String note;

        Outcome(Signal signal, Policy policy, TargetRef target, Instant now) {
            this.signal = signal;
            this.policy = policy;
            this.target = target;
            this.now = now;
        }

        void note(String text) {
            this.note = text;
        }

        Evaluation refused(TargetState state, int current, String rule, String reason) {
            return new Evaluation(decision(current, current, List.of(), Decision.Result.REFUSED, rule, reason, null),
                    null, state);
        }

        Evaluation hold(TargetState state, int current, int desired, List<Recommendation> recs, String rule,
                String reason) {
            return new Evaluation(decision(current, desired, recs, Decision.Result.HOLD, rule, reason, null), null,
                    state);
        }

        /** Scale when desired differs from current (recording the scale event), otherwise hold. */
        Evaluation result(TargetState state, int current, int desired, List<Recommendation> recs, String rule,
                String reason) {
            if (desired == current) {
                return hold(state, current, desired, recs, rule, reason + "; replicas stay at " + current);
            }
            TargetState.ScaleEvent pending = state.pendingCommand();
            if (pending != null && pending.from() == current && pending.to() == desired
                    && now.isBefore(pending.at().plus(policy.behavior().commandWait()))) {
                return hold(state, current, current, recs, "pending-command", reason + "; the command of "
                        + pending.at() + " (" + current + " -> " + desired + ") does not show in an observation yet: "
                        + "waiting for it instead of issuing it again");
            }
            String commandId = Ids.commandId(signal.input());
            String text = reason + "; " + current + " -> " + desired;
            Decision decision = decision(current, desired, recs, Decision.Result.SCALE, rule, text, commandId);
            ScaleCommand command = new ScaleCommand(commandId, decision.id(), target, current, desired, rule, text,
                    now, policy.version());
            TargetState.ScaleEvent issued = new TargetState.ScaleEvent(now, current, desired);
            return new Evaluation(decision, command, state.withScaleEvent(issued).withPendingCommand(issued));
        }

        private Decision decision(int current, int desired, List<Recommendation> recs, Decision.Result result,
                String rule, String reason, String commandId) {
            String full = note == null ? reason : note + "; " + reason;
            return new Decision(Ids.decisionId(signal.input()), target, now, signal.input(), policy.version(),
                    current, metrics, recs, result, desired, rule, full, commandId);
        }
    }
}
