package io.scaligator.audit.replay;

import io.scaligator.audit.read.Recorded;
import io.scaligator.common.event.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which to re-run the recorded inputs, and the policy version each one was decided with.
 *
 * <p>The engine's order is recorded: each target's decisions sit in one partition of the decisions topic in the
 * order they were made, and each names its input by coordinates and its policy version. So the plan takes the
 * inputs in decision order (per target that is exactly the engine's order; targets do not share state). Inputs no
 * decision refers to (unmapped alerts, unreadable records, or records the engine has not processed yet) follow in
 * timestamp order under the last policy seen.
 */
public record ReplayPlan(List<Step> steps, List<Recorded> decisionsWithoutInput, Map<String, Long> decidedUpTo) {

    /** One input to re-run and the policy version it is re-run with. */
    public record Step(Recorded input, String policyVersion, boolean decided) {}

    public static ReplayPlan of(List<Recorded> inputs, List<Recorded> decisions) {
        Map<String, Recorded> byCoordinates = new HashMap<>();
        inputs.forEach(r -> byCoordinates.put(r.coordinates(), r));
        List<Recorded> ordered = new ArrayList<>(decisions);
        ordered.sort(Comparator.comparingInt(Recorded::partition).thenComparingLong(Recorded::offset));
        List<Step> steps = new ArrayList<>();
        List<Recorded> withoutInput = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Map<String, Long> decidedUpTo = new LinkedHashMap<>();
        String lastPolicy = null;
        long lastTimestamp = Long.MIN_VALUE;
        for (Recorded r : ordered) {
            if (!(r.event() instanceof Decision d)) {
                withoutInput.add(r);
                continue;
            }
            String inputPartition = d.input().topic() + "-" + d.input().partition();
            decidedUpTo.merge(inputPartition, d.input().offset(), Math::max);
            if (r.timestamp() >= lastTimestamp) {
                lastTimestamp = r.timestamp();
                lastPolicy = d.policyVersion();
            }
            Recorded input = byCoordinates.get(d.input().coordinates());
            if (input == null) {
                withoutInput.add(r);
            } else if (used.add(input.coordinates())) {
                steps.add(new Step(input, d.policyVersion(), true));
            }
        }
        List<Recorded> rest = inputs.stream()
                .filter(r -> !used.contains(r.coordinates()))
                .sorted(Comparator.comparingLong(Recorded::timestamp)
                        .thenComparing(Recorded::topic)
                        .thenComparingInt(Recorded::partition)
                        .thenComparingLong(Recorded::offset))
                .toList();
        for (Recorded r : rest) {
            steps.add(new Step(r, lastPolicy, false));
        }
        return new ReplayPlan(steps, withoutInput, decidedUpTo);
    }

    /** Whether the engine had reached this input's place when the decisions were read (else it is pending). */
    public boolean engineReached(String topic, int partition, long offset) {
        Long upTo = decidedUpTo.get(topic + "-" + partition);
        return upTo != null && offset <= upTo;
    }
}
