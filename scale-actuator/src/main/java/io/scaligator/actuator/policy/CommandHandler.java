package io.scaligator.actuator.policy;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.Annotations;
import java.time.Instant;
import java.util.Optional;

/**
 * The actuator's pure policy: given a command, the workload as last read and the current time, decides whether
 * to patch it (and to how many replicas) or which outcome to record instead. No I/O, no wall clock.
 *
 * <p>The commands topic is untrusted input: everything a command claims is checked again on the live workload
 * (namespace, exclude/paused, its base count, other autoscalers, min/max bounds) and against this instance's
 * clock. Order matters: a command that may never be applied (namespace, from the future) is settled before the
 * workload is read; an already-applied command is recognised before everything else, even past its TTL, so a
 * re-delivery after a failover reports that it was applied rather than that it expired or is stale; a person's
 * standing instruction (exclude, paused) is named before staleness, since it is what an operator must see.
 */
public final class CommandHandler {

    private final CommandLimits limits;

    public CommandHandler(CommandLimits limits) {
        this.limits = limits;
    }

    /** A verdict that needs no workload read: not allowed or from the future; empty if the workload must be read. */
    public Optional<Verdict.Finish> precheck(ScaleCommand command, Instant now) {
        String namespace = command.target().namespace();
        String refusal = limits.scope().refusal(namespace);
        if (refusal != null) {
            return Optional.of(Verdict.Finish.of(Status.REFUSED_NOT_ALLOWED, null, refusal));
        }
        Instant latest = now.plus(limits.maxClockSkew());
        if (command.decidedAt().isAfter(latest)) {
            return Optional.of(Verdict.Finish.of(
                    Status.REFUSED_FROM_FUTURE,
                    null,
                    "decided at "
                            + command.decidedAt() + ", more than actuator.max_clock_skew " + limits.maxClockSkew()
                            + " after this instance's clock (" + now + "): a skewed clock or a forged command"));
        }
        return Optional.empty();
    }

    /** The verdict for a command against the workload as just read ({@code state} null: the workload is gone). */
    public Verdict decide(ScaleCommand command, WorkloadState state, Instant now) {
        Optional<Verdict.Finish> early = precheck(command, now);
        if (early.isPresent()) {
            return early.get();
        }
        if (state != null && state.remembers(command.id())) {
            return new Verdict.Finish(Status.APPLIED, state.replicas(), state.replicas(), "already applied");
        }
        Instant expiresAt = command.decidedAt().plus(limits.commandTtl());
        if (now.isAfter(expiresAt)) {
            return Verdict.Finish.of(
                    Status.SKIPPED_EXPIRED,
                    state == null ? null : state.replicas(),
                    "expired at " + expiresAt + " (decided at " + command.decidedAt() + ", command_ttl "
                            + limits.commandTtl() + "), now " + now);
        }
        if (state == null) {
            return Verdict.Finish.of(Status.FAILED, null, "workload " + command.target() + " not found");
        }
        int current = state.replicas();
        if (Annotations.flag(state.annotations(), Annotations.EXCLUDE)) {
            return Verdict.Finish.of(
                    Status.REFUSED_EXCLUDED,
                    current,
                    "the workload is annotated " + Annotations.EXCLUDE + "=true; Scaligator never scales it");
        }
        if (Annotations.flag(state.annotations(), Annotations.PAUSED)) {
            return Verdict.Finish.of(
                    Status.REFUSED_PAUSED,
                    current,
                    "the workload is annotated " + Annotations.PAUSED + "=true; its replicas stay at " + current);
        }
        if (state.createdAt() != null && state.createdAt().isAfter(command.decidedAt())) {
            // Deleted and created again under the same name (kubectl delete + apply, a reinstalled chart) after the
            // decision: the command was decided on the workload of before, whose count the new one may well share.
            // creationTimestamp has whole seconds, never later than the creation, so this never flags the workload
            // the command was decided on (up to a clock skew between the API server and Scaligator).
            return Verdict.Finish.of(
                    Status.SKIPPED_STALE,
                    current,
                    "the workload was created at " + state.createdAt() + ", after the command was decided at "
                            + command.decidedAt() + ": decided on an earlier workload of that name, deleted since; "
                            + "the next observation of this one decides");
        }
        if (state.lastDecidedAt() != null && !command.decidedAt().isAfter(state.lastDecidedAt())) {
            // Equal times count as stale too: otherwise a re-delivered older command with the same decidedAt as
            // the last applied one would be applied a second time.
            return Verdict.Finish.of(
                    Status.SKIPPED_STALE,
                    current,
                    "decided at " + command.decidedAt()
                            + ", not after the last applied command " + state.lastCommandId() + " decided at "
                            + state.lastDecidedAt());
        }
        if (current != command.fromReplicas()) {
            // Someone (kubectl scale, a rollout tool, a person scaling to 0) changed the count after the decision
            // was made; applying it would overwrite their change from a stale base. The next observation shows
            // the new count and the engine decides on it.
            return Verdict.Finish.of(
                    Status.SKIPPED_STALE,
                    current,
                    "decided from " + command.fromReplicas()
                            + " replicas, but the workload has " + current + " now: changed since the decision, "
                            + "the change wins");
        }
        if (state.otherAutoscaler() != null) {
            return Verdict.Finish.of(
                    Status.CONFLICT_WITH_HPA,
                    current,
                    "the workload is managed by " + state.otherAutoscaler() + "; Scaligator never scales it");
        }
        LiveBounds bounds;
        try {
            bounds = LiveBounds.of(state.annotations(), limits);
        } catch (IllegalArgumentException e) {
            return Verdict.Finish.of(
                    Status.REFUSED_OUT_OF_BOUNDS,
                    current,
                    e.getMessage() + ": the workload's bounds are unknown, not scaling it");
        }
        int replicas = bounds.limit(command, current);
        String note = bounds.explain(command, current, replicas);
        if (replicas < 0) {
            return Verdict.Finish.of(Status.REFUSED_OUT_OF_BOUNDS, current, note);
        }
        if (limits.dryRun()) {
            return Verdict.Finish.of(
                    Status.DRY_RUN,
                    current,
                    "dry run: would scale from " + current + " to " + replicas
                            + (note.isEmpty() ? "" : " (" + note + ")"));
        }
        return new Verdict.Apply(replicas, current, note);
    }
}
