package io.scaligator.actuator.policy;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * The actuator's pure policy: given a command, the workload as last read and the current time, decides whether
 * to patch it (and to how many replicas) or which outcome to record instead. No I/O, no wall clock.
 *
 * <p>Order matters: a command that may never be applied (namespace, TTL) is settled before the workload is read;
 * an already-applied command is recognised before staleness, so a re-delivery after a failover reports that it
 * was applied rather than that it is stale.
 */
public final class CommandHandler {

    private final CommandLimits limits;

    public CommandHandler(CommandLimits limits) {
        this.limits = limits;
    }

    /** A verdict that needs no workload read: not allowed or expired; empty if the workload must be read. */
    public Optional<Verdict.Finish> precheck(ScaleCommand command, Instant now) {
        String namespace = command.target().namespace();
        String refusal = limits.scope().refusal(namespace);
        if (refusal != null) {
            return Optional.of(Verdict.Finish.of(Status.REFUSED_NOT_ALLOWED, null, refusal));
        }
        Instant expiresAt = command.decidedAt().plus(limits.commandTtl());
        if (now.isAfter(expiresAt)) {
            return Optional.of(Verdict.Finish.of(Status.SKIPPED_EXPIRED, null, "expired at " + expiresAt
                    + " (decided at " + command.decidedAt() + ", command_ttl " + limits.commandTtl() + "), now " + now));
        }
        return Optional.empty();
    }

    /** The verdict for a command against the workload as just read ({@code state} null: the workload is gone). */
    public Verdict decide(ScaleCommand command, WorkloadState state, Instant now) {
        Optional<Verdict.Finish> early = precheck(command, now);
        if (early.isPresent()) {
            return early.get();
        }
        if (state == null) {
            return Verdict.Finish.of(Status.FAILED, null, "workload " + command.target() + " not found");
        }
        int current = state.replicas();
        if (state.remembers(command.id())) {
            return new Verdict.Finish(Status.APPLIED, current, current, "already applied");
        }
        if (state.lastDecidedAt() != null && !command.decidedAt().isAfter(state.lastDecidedAt())) {
            // Equal times count as stale too: otherwise a re-delivered older command with the same decidedAt as
            // the last applied one would be applied a second time.
            return Verdict.Finish.of(Status.SKIPPED_STALE, current, "decided at " + command.decidedAt()
                    + ", not after the last applied command " + state.lastCommandId() + " decided at "
                    + state.lastDecidedAt());
        }
        if (state.otherAutoscaler() != null) {
            return Verdict.Finish.of(Status.CONFLICT_WITH_HPA, current, "the workload is managed by "
                    + state.otherAutoscaler() + "; Scaligator never scales it");
        }
        int replicas = Math.min(command.toReplicas(), limits.maxReplicas());
        String note = replicas < command.toReplicas()
                ? "clamped from " + command.toReplicas() + " to max_replicas " + limits.maxReplicas() : "";
        if (limits.dryRun()) {
            return Verdict.Finish.of(Status.DRY_RUN, current, "dry run: would scale from " + current + " to "
                    + replicas + (note.isEmpty() ? "" : " (" + note + ")"));
        }
        return new Verdict.Apply(replicas, current, note);
    }
}
