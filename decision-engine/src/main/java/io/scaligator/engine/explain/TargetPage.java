package io.scaligator.engine.explain;

import io.scaligator.common.event.Decision;
import java.time.Instant;
import java.util.List;

/**
 * One page of {@code GET /v1/targets}: targets in key order after the request's {@code after}, and {@code next},
 * the key to ask after for the following page (null on the last page).
 */
public record TargetPage(List<Summary> targets, String next) {

    public TargetPage {
        targets = List.copyOf(targets);
    }

    /** One line per target: its replicas and its last decision. */
    public record Summary(
            String target,
            Integer currentReplicas,
            Decision.Result lastResult,
            Integer desiredReplicas,
            String lastRule,
            Instant decidedAt) {}
}
