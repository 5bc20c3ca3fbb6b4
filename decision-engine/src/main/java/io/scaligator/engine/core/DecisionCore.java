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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pure decision function: (state, signal, policy) -> (decision, command, new state). No I/O and no clock:
 * time is the signal's event time, ids derive from the signal's coordinates, so the same inputs always give the
 * same outputs, byte for byte.
 *
 * <p>Order: refusals (namespace, not allowed, deleted, other autoscaler, excluded, bounds), paused, downtime (wins
 * except over a person's 0, bypasses stabilization and rate policies, clamped to max only; a trigger's step counts
 * from the count it restores), a workload a person switched off (stays off unless
 * a rule may activate it), a hold trigger, a scale_to/scale_down trigger (sets the count over metric rules, still at
 * least the alert floors, clamped to [min, max]), otherwise max(metric rules, alert floors, scale_up triggers,
 * replicas to restore after downtime, and acting forecasts ({@link Forecaster})), never below current on missing
 * metric data, then stabilization (whose scale-down window a confident forecast may cut short), rate policies and
 * [min, max] ({@link ScaleBounds}).
 */
public final class DecisionCore {

    /**
     * The engine's decision semantics. Raise it with every change that makes this class decide differently on the
     * same state, signal and policy (a rule's meaning, a reason's text, an id): it is part of each published
     * {@link Policy}, so {@code audit verify} re-runs only what this semantics made, and starts a target recorded by
     * another one from its first checkpoint since. Policies published before it was recorded have none.
     */
    public static final int SEMANTICS = 2;

    /** Evaluates one signal for its target. */
    public Evaluation evaluate(TargetState state, Signal signal, Policy policy) {
        TargetState before = state == null ? TargetState.empty() : state;
        if (signal.event() instanceof AlertSignal alert && alert.target() == null) {
            return new Evaluation(null, null, before);
        }
        Instant now = signal.event().eventTime();
        Outcome out = new Outcome(signal, policy, targetOf(signal), now);
        String outOfScope = policy.scope().refusal(out.target.namespace());
        if (outOfScope != null) {
            int current = signal.event() instanceof Observation o ? o.specReplicas() : out.current(before);
            return out.refused(before, current, RuleCode.NAMESPACE, outOfScope);
        }
        TargetState pruned = before.pruned(now, policy.behavior());
        if (signal.event() instanceof Observation obs) {
            return observation(pruned, obs, out);
        }
        return alertOrTrigger(before, pruned, (AlertSignal) signal.event(), out);
    }

    private Evaluation observation(TargetState pruned, Observation obs, Outcome out) {
        if (obs.deleted()) {
            return out.refused(
                    TargetState.deleted(obs.observedAt()),
                    0,
                    RuleCode.DELETED,
                    "the workload was "
                            + "deleted: its floors, triggers and history are dropped, and alerts and triggers for it are "
                            + "refused until it is observed again");
        }
        TargetState.LastObservation last = new TargetState.LastObservation(
                obs.observedAt(),
                obs.specReplicas(),
                obs.readyReplicas(),
                obs.otherAutoscaler(),
                obs.annotations(),
                obs.metrics());
        if (Overrides.flag(obs.annotations(), Overrides.EXCLUDE)) {
            return out.refused(
                    pruned.excluded(last),
                    obs.specReplicas(),
                    RuleCode.EXCLUDED,
                    "annotation " + Overrides.EXCLUDE + "=true: Scaligator never scales it and drops its floors, "
                            + "triggers and history (alerts already counted stay counted)");
        }
        TargetState observed = settleCommand(
                SignalIntake.resolvePending(pruned.withObservation(last), obs.specReplicas()),
                obs,
                out.policy.behavior());
        if (obs.specReplicas() > 0 && observed.pendingCommand() == null) {
            observed = observed.withZeroedByScaligator(false);
        }
        SignalIntake.Applied expired = SignalIntake.expire(observed, out.now, out.policy);
        return evaluateTarget(expired.state(), out, true, expired.note());
    }

    private Evaluation alertOrTrigger(TargetState before, TargetState pruned, AlertSignal alert, Outcome out) {
        if (!alert.allowed()) {
            return out.refused(
                    before,
                    out.current(before),
                    RuleCode.NOT_ALLOWED,
                    "signal " + Limits.shortId(alert.id()) + " is not allowed: " + alert.notAllowedReason());
        }
        if (before.isDeleted()) {
            return out.refused(
                    before,
                    0,
                    RuleCode.DELETED,
                    "the workload was deleted at " + before.deletedAt()
                            + "; signals for it are refused until it is observed again");
        }
        if (before.hasObservation()) {
            TargetState.LastObservation obs = before.observation();
            Optional<Evaluation> refused = refusedTarget(before, obs, out);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        SignalIntake.Applied expired = SignalIntake.expire(pruned, out.now, out.policy);
        Integer current = expired.state().hasObservation() ? out.current(expired.state()) : null;
        Integer base = alert.kind() == AlertSignal.SignalKind.TRIGGER && current != null
                ? stepBase(expired.state(), current, out)
                : current;
        SignalIntake.Applied applied = SignalIntake.apply(expired.state(), alert, out.policy, base);
        String note = join(expired.note(), applied.note());
        if (applied.refused()) {
            return out.refused(before, out.current(before), RuleCode.BOUND, note);
        }
        if (applied.duplicate()) {
            int replicas = out.current(applied.state());
            return out.hold(applied.state(), replicas, replicas, List.of(), RuleCode.DUPLICATE.code(), note);
        }
        if (!applied.state().hasObservation()) {
            return out.hold(
                    applied.state(),
                    0,
                    0,
                    List.of(),
                    RuleCode.NO_OBSERVATION.code(),
                    note + "; no observation of the target yet, so nothing changes until the first one");
        }
        return evaluateTarget(applied.state(), out, false, note);
    }

    /**
     * The count a trigger's step counts from: the count to restore while a downtime window holds it (or it has just
     * ended and is not restored yet), since the trigger acts once the window is over and on that count; otherwise,
     * and once a set trigger holds the count after the window (the restore waits for its end), the current one.
     */
    private static Integer stepBase(TargetState state, int current, Outcome out) {
        Integer original = state.downtimeOriginalReplicas();
        if (original == null) {
            return current;
        }
        if (state.triggers().stream().noneMatch(TargetState.ActiveTrigger::sets)) {
            return original;
        }
        try {
            Overrides overrides = Overrides.read(state.observation().annotations(), out.policy);
            TimeWindows.Verdict time = TimeWindows.at(out.now, out.target.namespace(), overrides, out.policy);
            return time != null && time.downtime() ? original : current;
        } catch (Overrides.BadAnnotation e) {
            return current;
        }
    }

    /** A refusal that depends on the workload as last observed: another autoscaler manages it, or it is excluded. */
    private static Optional<Evaluation> refusedTarget(TargetState state, TargetState.LastObservation obs, Outcome out) {
        if (obs.otherAutoscaler() != null) {
            return Optional.of(out.refused(
                    state,
                    obs.specReplicas(),
                    RuleCode.OTHER_AUTOSCALER,
                    "managed by " + obs.otherAutoscaler()
                            + "; Scaligator never scales a target another autoscaler manages"));
        }
        if (Overrides.flag(obs.annotations(), Overrides.EXCLUDE)) {
            return Optional.of(out.refused(
                    state, obs.specReplicas(), RuleCode.EXCLUDED, "annotation " + Overrides.EXCLUDE + "=true"));
        }
        return Optional.empty();
    }

    private Evaluation evaluateTarget(TargetState state, Outcome out, boolean freshMetrics, String note) {
        TargetState.LastObservation obs = state.observation();
        int current = out.current(state);
        out.note(note);
        Optional<Evaluation> refused = refusedTarget(state, obs, out);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (Overrides.flag(obs.annotations(), Overrides.PAUSED)) {
            return out.hold(
                    state,
                    current,
                    current,
                    List.of(),
                    RuleCode.PAUSED.code(),
                    "annotation " + Overrides.PAUSED + "=true: replicas stay at " + current);
        }
        Overrides overrides;
        TimeWindows.Verdict time;
        try {
            overrides = Overrides.read(obs.annotations(), out.policy);
            time = TimeWindows.at(out.now, out.target.namespace(), overrides, out.policy);
        } catch (Overrides.BadAnnotation e) {
            return out.hold(
                    state,
                    current,
                    current,
                    List.of(),
                    RuleCode.ANNOTATION.code(),
                    e.getMessage() + "; nothing changes until it is fixed");
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
        Integer confirmedDown = null;
        if (freshMetrics) {
            Forecasts forecasts = forecasts(state, obs, out, overrides, recs, missing);
            state = state.withProfiles(forecasts.profiles());
            confirmedDown = forecasts.confirmedDown();
        } else if (!out.policy.metricRules().isEmpty()) {
            missing.add("metrics are only read from observations, so this signal cannot lower replicas");
        }
        List<Recommendation> floors = new ArrayList<>();
        for (TargetState.AlertFloor floor : state.floors()) {
            floors.add(floorRecommendation(floor, current, out.policy));
        }
        recs.addAll(floors);
        if (switchedOff(state, current) && !activates(state, out.policy)) {
            return out.hold(
                    state,
                    current,
                    current,
                    recs,
                    RuleCode.SWITCHED_OFF.code(),
                    "replicas are 0 and "
                            + "Scaligator did not set them: the workload is switched off, as for the HPA; only an alert rule "
                            + "with activate_from_zero (or a trigger, with engine.triggers_activate_from_zero) scales it up");
        }
        Optional<TargetState.ActiveTrigger> hold = state.triggers().stream()
                .filter(TargetState.ActiveTrigger::holds)
                .findFirst();
        if (hold.isPresent()) {
            return out.hold(
                    state,
                    current,
                    current,
                    recs,
                    Source.TRIGGER.of(hold.get().source()),
                    "hold trigger "
                            + Limits.shortId(hold.get().signalId()) + " until "
                            + hold.get().expiresAt() + ": "
                            + hold.get().reason());
        }
        List<Recommendation> settings = new ArrayList<>();
        for (TargetState.ActiveTrigger t : state.triggers()) {
            Recommendation r = new Recommendation(
                    Source.TRIGGER.of(t.source()),
                    t.replicas(),
                    t.action() + " trigger " + Limits.shortId(t.signalId()) + " until " + t.expiresAt() + ": "
                            + t.reason());
            recs.add(r);
            if (t.sets()) {
                settings.add(r);
            }
        }
        if (!settings.isEmpty()) {
            return set(state, out, current, recs, settings, floors, overrides);
        }
        Integer original = state.downtimeOriginalReplicas();
        if (original != null) {
            recs.add(new Recommendation(
                    Source.RESTORE,
                    original,
                    "downtime is over: restore the " + original + " replicas it started from"));
        }
        return combine(state, out, current, recs, missing, overrides, original != null, freshMetrics, confirmedDown);
    }

    /**
     * The recommendations of the metric rules and of their forecasts, after learning this observation's demand
     * into the profile of each rule with a forecast: the profiles to keep (rules whose forecast is off drop theirs),
     * and the count the forecasts confirm for the whole scale-down window, if every metric rule has an acting
     * forecast that confirms one (else null: the window applies as usual).
     */
    private static Forecasts forecasts(
            TargetState state,
            TargetState.LastObservation obs,
            Outcome out,
            Overrides overrides,
            List<Recommendation> recs,
            List<String> missing) {
        List<DemandProfile> profiles = new ArrayList<>();
        Integer confirmed = null;
        boolean everyConfirms = true;
        for (MetricRule rule : out.policy.metricRules()) {
            MetricSample sample = sample(obs.metrics(), rule.name());
            recs.add(MetricRecommender.recommend(
                    rule,
                    sample,
                    obs.specReplicas(),
                    state.settledReady(),
                    out.policy.behavior().tolerance(),
                    missing));
            MetricRule.ForecastMode mode = overrides.forecastOf(rule);
            if (mode == MetricRule.ForecastMode.OFF || profiles.size() == Limits.PROFILES) {
                if (mode != MetricRule.ForecastMode.OFF) {
                    recs.add(new Recommendation(
                            Source.FORECAST.of(rule.name()),
                            null,
                            "abstains: a target keeps " + "the demand profiles of at most " + Limits.PROFILES
                                    + " rules, the first ones"));
                }
                everyConfirms = false;
                continue;
            }
            DemandProfile profile = state.profile(rule.name());
            if (sample != null && sample.hasValue() && sample.value() >= 0) {
                profile = profile.learn(
                        obs.observedAt(),
                        Forecaster.demand(
                                rule,
                                sample.value(),
                                state.windowReady(out.policy.behavior().readyWindow())),
                        Forecaster.censored(
                                rule, sample.value(), out.policy.behavior().tolerance()));
            }
            profiles.add(profile);
            Forecaster.Outcome f = Forecaster.forecast(
                    rule, mode, profile, out.now, out.policy.behavior().stabilizationDown());
            recs.add(f.recommendation());
            if (f.confirmedDown() == null) {
                everyConfirms = false;
            } else {
                confirmed = confirmed == null ? f.confirmedDown() : Math.max(confirmed, f.confirmedDown());
            }
        }
        return new Forecasts(profiles, everyConfirms ? confirmed : null);
    }

    private record Forecasts(List<DemandProfile> profiles, Integer confirmedDown) {}

    /** 0 replicas that Scaligator did not set (nor a downtime it will restore from): a person switched it off. */
    private static boolean switchedOff(TargetState state, int current) {
        return current == 0 && !state.zeroedByScaligator() && state.downtimeOriginalReplicas() == null;
    }

    /** Whether a firing alert rule with activate_from_zero, or (if allowed) a raising trigger, asks for replicas. */
    private static boolean activates(TargetState state, Policy policy) {
        boolean byAlert = state.floors().stream().anyMatch(f -> policy.alertRules().stream()
                .anyMatch(r -> r.name().equals(f.rule()) && r.activateFromZero()));
        boolean byTrigger = policy.behavior().triggersActivateFromZero()
                && state.triggers().stream().anyMatch(t -> !t.holds() && t.replicas() != null && t.replicas() > 0);
        return byAlert || byTrigger;
    }

    private Evaluation downtime(
            TargetState state,
            Outcome out,
            int current,
            TimeWindows.Verdict time,
            Overrides overrides,
            List<Recommendation> recs) {
        if (current == 0 && !state.zeroedByScaligator()) {
            // A person's 0 (before the window or during it) is a switch-off, not a count to run downtime_replicas
            // over or to restore: forgetting the count remembered keeps it off after the window too.
            return out.hold(
                    state.withDowntimeOriginal(null),
                    current,
                    current,
                    recs,
                    RuleCode.SWITCHED_OFF.code(),
                    time.reason() + "; but replicas are 0 and Scaligator did not set them: the workload is switched"
                            + " off and stays at 0, in the window and after it");
        }
        int desired = Math.min(time.replicas(), overrides.max());
        int original = state.downtimeOriginalReplicas() != null ? state.downtimeOriginalReplicas() : current;
        TargetState next = state.withDowntimeOriginal(original);
        String reason = time.reason() + (desired < time.replicas() ? " (capped at max " + overrides.max() + ")" : "")
                + "; " + original + " replicas are restored when it ends";
        return out.result(next, current, desired, recs, time.source(), reason);
    }

    /**
     * A scale_to or scale_down trigger sets the count for its TTL, above or below what metric rules recommend (the
     * highest of several), but never below an alert floor; as an explicit request it bypasses stabilization and
     * rate policies, and [min, max] still bound it.
     */
    private Evaluation set(
            TargetState state,
            Outcome out,
            int current,
            List<Recommendation> recs,
            List<Recommendation> settings,
            List<Recommendation> floors,
            Overrides overrides) {
        Recommendation winner = highest(settings);
        if (winner.replicas() == null) {
            return out.hold(
                    state,
                    current,
                    current,
                    recs,
                    winner.source(),
                    winner.reason() + "; waiting for the first observation to resolve its step");
        }
        Recommendation floor = highest(floors);
        if (floor != null && floor.replicas() != null && floor.replicas() > winner.replicas()) {
            winner = floor;
        }
        ScaleBounds.Bounded bounded = ScaleBounds.clamp(winner.replicas(), overrides);
        String rule = bounded.rule() != null ? bounded.rule().code() : winner.source();
        return out.result(state, current, bounded.replicas(), recs, rule, winner.reason() + bounded.reason());
    }

    private Evaluation combine(
            TargetState state,
            Outcome out,
            int current,
            List<Recommendation> recs,
            List<String> missing,
            Overrides overrides,
            boolean restoring,
            boolean freshMetrics,
            Integer confirmedDown) {
        Recommendation winner = highest(recs);
        int desired = winner == null ? current : winner.replicas();
        String rule = winner == null ? RuleCode.NO_RECOMMENDATION.code() : winner.source();
        StringBuilder reason = new StringBuilder(winner == null ? "no source recommends a count" : winner.reason());
        if (!missing.isEmpty() && desired < current) {
            desired = current;
            rule = RuleCode.MISSING_METRICS.code();
            reason.append("; but ").append(String.join("; ", missing)).append(": no scale-down on missing data");
        } else if (!missing.isEmpty()) {
            reason.append(" (").append(String.join("; ", missing)).append(")");
        }
        if (restoring) {
            // Restoring after downtime is an explicit schedule: it bypasses stabilization and rate policies.
            ScaleBounds.Bounded bounded = ScaleBounds.clamp(desired, overrides);
            return out.result(
                    state.withDowntimeOriginal(null),
                    current,
                    bounded.replicas(),
                    recs,
                    bounded.rule() != null ? bounded.rule().code() : rule,
                    reason + bounded.reason());
        }
        // The windows remember what observations recommended, alert floors and scale_up triggers included (so a
        // released floor comes down as any recommendation does, after the down window). An alert or trigger signal
        // reads no metric and cannot lower the count; recording the count it held would hold every scale-down for
        // another window after any alert (one matching no rule, a resolve) or trigger. Its floor or step is in the
        // next observation's recommendations.
        TargetState next =
                freshMetrics ? state.withRecommendation(new TargetState.TimedReplicas(out.now, desired)) : state;
        ScaleBounds.Bounded bounded =
                ScaleBounds.apply(current, desired, next, out.now, out.policy.behavior(), overrides, confirmedDown);
        return out.result(
                next,
                current,
                bounded.replicas(),
                recs,
                bounded.rule() != null ? bounded.rule().code() : rule,
                reason + bounded.reason());
    }

    private static Recommendation highest(List<Recommendation> recs) {
        Recommendation winner = null;
        for (Recommendation r : recs) {
            if (r.replicas() != null && (winner == null || r.replicas() > winner.replicas())) {
                winner = r;
            }
        }
        return winner;
    }

    /**
     * The last command is awaited until an observation shows a count its chain does not pass through (applied, or
     * changed by someone else), or until the command wait has passed (the actuator then drops it as expired). Its
     * chain: the commands issued one after another while each was awaited (2 -> 4, then 4 -> 7), which the
     * actuator applies in order, so an observation taken in between shows one of the counts they start from.
     */
    private static TargetState settleCommand(TargetState state, Observation obs, Behavior behavior) {
        TargetState.ScaleEvent pending = state.pendingCommand();
        if (pending == null) {
            return state;
        }
        boolean inFlight = chainStarts(state.scaleEvents(), pending, behavior).contains(obs.specReplicas());
        boolean givenUp = !obs.observedAt().isBefore(pending.at().plus(behavior.commandWait()));
        return inFlight && !givenUp ? state : state.withPendingCommand(null);
    }

    /**
     * The counts the awaited command and the commands it continues start from: going back through the scale events
     * kept for the rate policies, each one that ends where the next starts and was issued less than the command
     * wait before it (so it was still awaited then).
     */
    private static Set<Integer> chainStarts(
            List<TargetState.ScaleEvent> events, TargetState.ScaleEvent pending, Behavior behavior) {
        Set<Integer> starts = new HashSet<>();
        starts.add(pending.from());
        TargetState.ScaleEvent next = pending;
        for (int i = events.indexOf(pending) - 1; i >= 0; i--) {
            TargetState.ScaleEvent earlier = events.get(i);
            if (earlier.to() != next.from()
                    || !earlier.at().plus(behavior.commandWait()).isAfter(next.at())) {
                break;
            }
            starts.add(earlier.from());
            next = earlier;
        }
        return starts;
    }

    private static Recommendation floorRecommendation(TargetState.AlertFloor floor, int current, Policy policy) {
        Optional<AlertRule> rule = policy.alertRules().stream()
                .filter(r -> r.name().equals(floor.rule()))
                .findFirst();
        String alerts = describe(floor);
        String source = Source.ALERT.of(floor.rule());
        if (rule.isEmpty()) {
            return new Recommendation(source, null, alerts + ": rule " + floor.rule() + " is no longer in the policy");
        }
        int atFiring = floor.replicasAtFiring() != null ? floor.replicasAtFiring() : current;
        int value = rule.get().floor(atFiring);
        return new Recommendation(
                source,
                value,
                alerts + ": floor " + value + " ("
                        + rule.get().floorKind().name().toLowerCase(Locale.ROOT) + " "
                        + rule.get().floorAmount()
                        + " of " + atFiring + " when the rule's first alert fired at " + floor.firedAt() + ")");
    }

    /** The floor's alerts for a reason: names, the first few fingerprints, and how many there are. */
    private static String describe(TargetState.AlertFloor floor) {
        List<TargetState.FloorAlert> alerts = floor.alerts();
        String names = alerts.stream()
                .map(TargetState.FloorAlert::alertName)
                .distinct()
                .limit(3)
                .collect(Collectors.joining(", "));
        String fingerprints = alerts.stream()
                        .limit(3)
                        .map(a -> Limits.shortId(a.fingerprint()))
                        .collect(Collectors.joining(", "))
                + (alerts.size() > 3 ? " and " + (alerts.size() - 3) + " more" : "");
        return "alert " + names + " firing (" + alerts.size() + (alerts.size() == 1 ? " alert: " : " alerts: ")
                + fingerprints + ")";
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

    private static String join(String first, String second) {
        return first == null ? second : second == null ? first : first + "; " + second;
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

        /**
         * The replicas an evaluation starts from: those of the awaited command while it does not show in an
         * observation yet, otherwise the observed ones. The actuator applies a workload's commands in order and
         * skips one decided from a count the workload no longer has, so a further command must start where the
         * awaited one ends: a second alert within one poll interval then scales on from there.
         */
        int current(TargetState state) {
            TargetState.ScaleEvent awaited = awaited(state);
            return awaited != null
                    ? awaited.to()
                    : state.hasObservation() ? state.observation().specReplicas() : 0;
        }

        /** The last command, while it is awaited: issued less than the command wait ago (see settleCommand). */
        private TargetState.ScaleEvent awaited(TargetState state) {
            TargetState.ScaleEvent pending = state.pendingCommand();
            return pending != null
                            && now.isBefore(pending.at().plus(policy.behavior().commandWait()))
                    ? pending
                    : null;
        }

        Evaluation refused(TargetState state, int current, RuleCode rule, String reason) {
            return new Evaluation(
                    decision(current, current, List.of(), Decision.Result.REFUSED, rule.code(), reason, null),
                    null,
                    state);
        }

        Evaluation hold(
                TargetState state, int current, int desired, List<Recommendation> recs, String rule, String reason) {
            return new Evaluation(
                    decision(current, desired, recs, Decision.Result.HOLD, rule, reason, null), null, state);
        }

        /** Scale when desired differs from current (recording the scale event), otherwise hold. */
        Evaluation result(
                TargetState state, int current, int desired, List<Recommendation> recs, String rule, String reason) {
            TargetState.ScaleEvent awaited = awaited(state);
            if (desired == current && awaited != null) {
                return hold(
                        state,
                        current,
                        desired,
                        recs,
                        RuleCode.PENDING_COMMAND.code(),
                        reason + "; the command of " + awaited.at() + " (" + awaited.from() + " -> " + awaited.to()
                                + ") does not show in an observation yet: waiting for it instead of issuing it again");
            }
            if (desired == current) {
                return hold(state, current, desired, recs, rule, reason + "; replicas stay at " + current);
            }
            String commandId = Ids.commandId(signal.input());
            String text = reason + "; " + current + " -> " + desired;
            Decision decision = decision(current, desired, recs, Decision.Result.SCALE, rule, text, commandId);
            ScaleCommand command = new ScaleCommand(
                    commandId,
                    decision.id(),
                    target,
                    current,
                    desired,
                    rule,
                    Limits.abbreviate(text, Limits.REASON_CHARS),
                    now,
                    policy.version());
            TargetState.ScaleEvent issued = new TargetState.ScaleEvent(now, current, desired);
            return new Evaluation(
                    decision, command, state.withScaleEvent(issued).withPendingCommand(issued));
        }

        private Decision decision(
                int current,
                int desired,
                List<Recommendation> recs,
                Decision.Result result,
                String rule,
                String reason,
                String commandId) {
            String full = Limits.abbreviate(note == null ? reason : note + "; " + reason, Limits.REASON_CHARS);
            List<Recommendation> bounded = recs.stream()
                    .map(r -> new Recommendation(
                            r.source(), r.replicas(), Limits.abbreviate(r.reason(), Limits.TEXT_CHARS * 2)))
                    .toList();
            return new Decision(
                    Ids.decisionId(signal.input()),
                    target,
                    now,
                    signal.input(),
                    policy.version(),
                    current,
                    metrics,
                    bounded,
                    result,
                    desired,
                    rule,
                    full,
                    commandId);
        }
    }
}
