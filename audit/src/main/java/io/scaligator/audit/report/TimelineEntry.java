package io.scaligator.audit.report;

import io.scaligator.common.event.Recommendation;
import java.time.Instant;
import java.util.List;

/**
 * One row of a target's history: the input (observation or alert/trigger) with what it carried, and, once the
 * engine decided on it, each source's recommendation, the result, the command and the command's outcome.
 */
public record TimelineEntry(
        Instant time,
        String input,
        String inputId,
        Integer specReplicas,
        Integer readyReplicas,
        List<String> metrics,
        List<String> alerts,
        String schedule,
        List<Recommendation> recommendations,
        String result,
        Integer currentReplicas,
        Integer desiredReplicas,
        String rule,
        String reason,
        String policyVersion,
        String decisionId,
        Command command,
        Outcome outcome) {

    /** The scale command a decision issued. */
    public record Command(String id, int fromReplicas, int toReplicas) {}

    /** How the actuator completed a command. */
    public record Outcome(String status, Integer appliedReplicas, String message, Instant completedAt) {}
}
