package io.scaligator.engine.explain;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Recommendation;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.ScheduleStatus;
import io.scaligator.engine.core.TargetOutlook;
import io.scaligator.engine.core.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the engine knows about one target now, as {@code GET /v1/targets/{namespace}/{kind}/{name}} returns it: the
 * replicas last observed, effective bounds, each source's recommendation at the last decision, active floors and
 * triggers with their expiry, the schedule, the command awaited and the last decision. Bounded as the state is
 * ({@link io.scaligator.engine.core.Limits}): a floor shows its alert count, not its alerts.
 */
public record TargetView(
        String target,
        Instant observedAt,
        Integer currentReplicas,
        Integer readyReplicas,
        int minReplicas,
        int maxReplicas,
        String otherAutoscaler,
        Instant deletedAt,
        String annotationProblem,
        List<Recommendation> sources,
        List<Floor> floors,
        List<Trigger> triggers,
        ScheduleStatus schedule,
        PendingCommand pendingCommand,
        LastDecision lastDecision) {

    /**
     * An active alert floor of at least {@code replicas} (null until the target is observed, or when the rule left
     * the policy), set from {@code replicasAtFiring}: released when its last alert resolves or at {@code expiresAt}.
     */
    public record Floor(
            String rule, Integer replicas, Integer replicasAtFiring, int alerts, Instant firedAt, Instant expiresAt) {}

    /**
     * An active trigger: {@code replicas} the count a scale_to sets or a step aims at (from the count when it
     * arrived, if known), {@code step} signed for scale_up (+) and scale_down (-).
     */
    public record Trigger(
            String id,
            String source,
            String action,
            Integer replicas,
            Integer step,
            Instant expiresAt,
            String reason) {}

    /** A scale command issued and not yet seen applied by an observation. */
    public record PendingCommand(Instant issuedAt, int fromReplicas, int toReplicas) {}

    /** The last decision: its result, the rule that won and why. */
    public record LastDecision(
            String id,
            Instant decidedAt,
            Decision.Result result,
            int currentReplicas,
            int desiredReplicas,
            String rule,
            String reason,
            String commandId,
            String policyVersion) {}

    /**
     * The view of a target from its stored state and last decision (either may be null, not both), with bounds
     * and schedule evaluated at {@code now} under {@code policy}.
     */
    public static TargetView of(TargetRef target, TargetState state, Decision last, Policy policy, Instant now) {
        TargetState s = state == null ? TargetState.empty() : state;
        TargetState.LastObservation o = s.observation();
        TargetOutlook outlook =
                TargetOutlook.of(target.namespace(), o == null ? Map.of() : o.annotations(), policy, now);
        return new TargetView(
                target.key(),
                o == null ? null : o.observedAt(),
                o == null ? null : o.specReplicas(),
                o == null ? null : o.readyReplicas(),
                outlook.minReplicas(),
                outlook.maxReplicas(),
                o == null ? null : o.otherAutoscaler(),
                s.deletedAt(),
                outlook.problem(),
                last == null ? List.of() : last.recommendations(),
                s.floors().stream()
                        .map(f -> new Floor(
                                f.rule(),
                                floor(f, policy),
                                f.replicasAtFiring(),
                                f.alerts().size(),
                                f.firedAt(),
                                f.lastFiringAt().plus(policy.behavior().alertFloorTtl())))
                        .toList(),
                s.triggers().stream()
                        .map(t -> new Trigger(
                                t.signalId(),
                                t.source(),
                                t.action(),
                                t.replicas(),
                                t.step(),
                                t.expiresAt(),
                                t.reason()))
                        .toList(),
                outlook.schedule(),
                s.pendingCommand() == null
                        ? null
                        : new PendingCommand(
                                Instant.ofEpochMilli(s.pendingCommand().atMillis()),
                                s.pendingCommand().from(),
                                s.pendingCommand().to()),
                last == null
                        ? null
                        : new LastDecision(
                                last.id(),
                                last.decidedAt(),
                                last.result(),
                                last.currentReplicas(),
                                last.desiredReplicas(),
                                last.rule(),
                                last.reason(),
                                last.commandId(),
                                last.policyVersion()));
    }

    private static Integer floor(TargetState.AlertFloor floor, Policy policy) {
        if (floor.replicasAtFiring() == null) {
            return null;
        }
        return policy.alertRules().stream()
                .filter(rule -> rule.name().equals(floor.rule()))
                .findFirst()
                .map(rule -> rule.floor(floor.replicasAtFiring()))
                .orElse(null);
    }
}
