package io.scaligator.actuator;

import io.scaligator.actuator.kube.ConflictException;
import io.scaligator.actuator.kube.KubeApiException;
import io.scaligator.actuator.kube.RetriableKubeException;
import io.scaligator.actuator.kube.ScaleEvents;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.CommandHandler;
import io.scaligator.actuator.policy.Verdict;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.util.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one command to its outcome: read the workload, let the {@link CommandHandler} decide, patch if it says so.
 * A 409 re-reads and decides again (a bounded number of times); 429, 5xx and timeouts are retried with
 * exponential backoff until apply_deadline, then the command fails. Leadership is checked right before every
 * patch, so an instance that lost it patches nothing more.
 */
final class CommandApplier {

    private static final Logger LOG = LoggerFactory.getLogger(CommandApplier.class);
    static final int MAX_CONFLICTS = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Refusals that the workload itself explains; each gets a ScaleRefused Event so kubectl describe shows it. */
    private static final Set<Status> REFUSED_ON_THE_WORKLOAD = EnumSet.of(
            Status.CONFLICT_WITH_HPA, Status.REFUSED_EXCLUDED, Status.REFUSED_PAUSED, Status.REFUSED_OUT_OF_BOUNDS);

    /** Verdicts that leave the workload alone because of what its read showed; a stale read must not cause one. */
    private static final Set<Status> CONFIRMED_ON_A_FRESH_READ = EnumSet.of(
            Status.SKIPPED_STALE, Status.REFUSED_EXCLUDED, Status.REFUSED_PAUSED, Status.REFUSED_OUT_OF_BOUNDS);

    private final CommandHandler handler;
    private final WorkloadScaler scaler;
    private final ScaleEvents events;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration applyDeadline;

    CommandApplier(
            CommandHandler handler,
            WorkloadScaler scaler,
            ScaleEvents events,
            Clock clock,
            Sleeper sleeper,
            Duration applyDeadline) {
        this.handler = handler;
        this.scaler = scaler;
        this.events = events;
        this.clock = clock;
        this.sleeper = sleeper;
        this.applyDeadline = applyDeadline;
    }

    /**
     * Handles the command and returns its one outcome.
     *
     * @throws LeadershipLostException if {@code stillLeader} turns false before a patch or between retries
     */
    ScaleOutcome handle(ScaleCommand command, BooleanSupplier stillLeader) throws InterruptedException {
        long startMillis = clock.millis();
        try {
            return attempt(command, stillLeader, startMillis);
        } catch (LeadershipLostException lost) {
            throw lost;
        } catch (RuntimeException unexpected) {
            // A defect, not a verdict: the command still gets its one outcome, and the leader goes on with the rest.
            LOG.error("{} command {}: unexpected error", command.target(), command.id(), unexpected);
            return afterUnexpected(command, startMillis, unexpected);
        }
    }

    /**
     * The outcome after a defect: the defect may have struck after the API server accepted the patch, so the
     * workload tells, as it does for a re-delivered command, whether its annotations name the command.
     */
    private ScaleOutcome afterUnexpected(ScaleCommand command, long startMillis, RuntimeException unexpected) {
        String error = "unexpected error: " + unexpected;
        WorkloadState now;
        try {
            now = scaler.readFresh(command.target());
        } catch (RuntimeException readFailed) {
            return failed(
                    command, null, startMillis, error + "; reading the workload afterwards failed too: " + readFailed);
        }
        if (now != null && now.remembers(command.id())) {
            return finish(
                    command,
                    new Verdict.Finish(Status.APPLIED, now.replicas(), now.replicas(), "applied, then " + error),
                    now,
                    startMillis);
        }
        return failed(command, now, startMillis, error);
    }

    private ScaleOutcome attempt(ScaleCommand command, BooleanSupplier stillLeader, long startMillis)
            throws InterruptedException {
        Optional<Verdict.Finish> early = handler.precheck(command, clock.instant());
        if (early.isPresent()) {
            return finish(command, early.get(), null, startMillis);
        }
        Instant deadline = clock.instant().plus(applyDeadline);
        Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
        int conflicts = 0;
        int retries = 0;
        WorkloadState state = null;
        while (true) {
            requireLeader(command, stillLeader);
            try {
                state = scaler.read(command.target());
                Verdict verdict = handler.decide(command, state, clock.instant());
                if (verdict instanceof Verdict.Finish finish && CONFIRMED_ON_A_FRESH_READ.contains(finish.status())) {
                    // The read may come from a cache a watch event behind the API server (a person's scale back
                    // to the command's base, a removed annotation): such a verdict stands only on a fresh read.
                    state = scaler.readFresh(command.target());
                    verdict = handler.decide(command, state, clock.instant());
                }
                if (verdict instanceof Verdict.Finish finish) {
                    return finish(command, finish, state, startMillis);
                }
                Verdict.Apply apply = (Verdict.Apply) verdict;
                requireLeader(command, stillLeader);
                scaler.apply(
                        command.target(),
                        ScalePatch.of(
                                state.resourceVersion(),
                                apply.replicas(),
                                command.id(),
                                command.decidedAt(),
                                state.recentCommandIds()));
                return applied(command, apply, state, startMillis, conflicts, retries);
            } catch (ConflictException e) {
                conflicts++;
                LOG.info(
                        "{} command {}: workload changed (409) or deleted (404) since it was read, deciding again "
                                + "on a fresh read ({}/{})",
                        command.target(),
                        command.id(),
                        conflicts,
                        MAX_CONFLICTS);
                if (conflicts >= MAX_CONFLICTS) {
                    return failed(
                            command,
                            state,
                            startMillis,
                            "still conflicting (409) after " + conflicts + " attempts: " + e.getMessage());
                }
            } catch (RetriableKubeException e) {
                Duration wait = backoff.next();
                if (clock.instant().plus(wait).isAfter(deadline)) {
                    return failed(
                            command,
                            state,
                            startMillis,
                            "gave up after apply_deadline " + applyDeadline + " and " + (retries + 1) + " attempts: "
                                    + e.getMessage());
                }
                retries++;
                LOG.warn(
                        "{} command {}: {}; retry {} in {} ms",
                        command.target(),
                        command.id(),
                        e.getMessage(),
                        retries,
                        wait.toMillis());
                sleeper.sleep(wait);
            } catch (KubeApiException e) {
                return failed(command, state, startMillis, e.getMessage());
            }
        }
    }

    private static void requireLeader(ScaleCommand command, BooleanSupplier stillLeader) {
        if (!stillLeader.getAsBoolean()) {
            throw new LeadershipLostException(
                    command.target() + " command " + command.id() + ": leadership lost, not applying");
        }
    }

    private ScaleOutcome applied(
            ScaleCommand command,
            Verdict.Apply apply,
            WorkloadState state,
            long startMillis,
            int conflicts,
            int retries) {
        int from = apply.observedReplicas();
        int to = apply.replicas();
        StringBuilder message = new StringBuilder("scaled from ")
                .append(from)
                .append(" to ")
                .append(to)
                .append(": ")
                .append(command.reason());
        if (!apply.note().isEmpty()) {
            message.append(" (").append(apply.note()).append(')');
        }
        if (conflicts > 0 || retries > 0) {
            message.append(" [after ")
                    .append(conflicts)
                    .append(" conflicts, ")
                    .append(retries)
                    .append(" retries]");
        }
        if (to != from) {
            events.record(
                    command.target(),
                    state.uid(),
                    to > from ? ScaleEvents.Reason.ScaledUp : ScaleEvents.Reason.ScaledDown,
                    "New size: " + to + "; reason: " + command.reason() + " (command " + command.id() + ")");
        }
        LOG.info("{} command {}: applied, {}", command.target(), command.id(), SafeText.of(message));
        return outcome(command, Status.APPLIED, from, to, message.toString(), startMillis);
    }

    private ScaleOutcome failed(ScaleCommand command, WorkloadState state, long startMillis, String message) {
        return finish(
                command,
                new Verdict.Finish(Status.FAILED, state == null ? null : state.replicas(), null, message),
                state,
                startMillis);
    }

    private ScaleOutcome finish(ScaleCommand command, Verdict.Finish finish, WorkloadState state, long startMillis) {
        if (state != null && REFUSED_ON_THE_WORKLOAD.contains(finish.status())) {
            events.record(
                    command.target(),
                    state.uid(),
                    ScaleEvents.Reason.ScaleRefused,
                    finish.message() + "; reason of the refused command: " + command.reason() + " (command "
                            + command.id() + ")");
        } else if (state != null && finish.status() == Status.FAILED) {
            events.record(
                    command.target(),
                    state.uid(),
                    ScaleEvents.Reason.ScaleFailed,
                    finish.message() + "; reason of the command: " + command.reason() + " (command " + command.id()
                            + ")");
        }
        if (finish.status() == Status.FAILED) {
            LOG.warn(
                    "{} command {}: {}: {}",
                    command.target(),
                    command.id(),
                    finish.status(),
                    SafeText.of(finish.message()));
        } else {
            LOG.info(
                    "{} command {}: {}: {}",
                    command.target(),
                    command.id(),
                    finish.status(),
                    SafeText.of(finish.message()));
        }
        return outcome(
                command,
                finish.status(),
                finish.observedReplicas(),
                finish.appliedReplicas(),
                finish.message(),
                startMillis);
    }

    private ScaleOutcome outcome(
            ScaleCommand command, Status status, Integer observed, Integer applied, String message, long startMillis) {
        long now = clock.millis();
        return new ScaleOutcome(
                ScaleOutcome.idFor(command.id()),
                command.id(),
                command.target(),
                status,
                observed,
                command.toReplicas(),
                applied,
                message,
                Instant.ofEpochMilli(now),
                Math.max(0, now - startMillis));
    }
}
