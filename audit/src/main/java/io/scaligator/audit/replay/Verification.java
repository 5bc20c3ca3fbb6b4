package io.scaligator.audit.replay;

import java.util.List;

/**
 * The result of re-running the recorded inputs: per kind (decisions, commands) how many recorded records the
 * re-run reproduced byte for byte, and every difference. {@code pending} counts re-run decisions of inputs the
 * engine had not reached yet when the log was read (a live engine's lag), which are not differences.
 */
public record Verification(
        String range,
        List<String> policyVersions,
        int inputs,
        Count decisions,
        Count commands,
        int pending,
        List<Mismatch> mismatches) {

    /** Matched and mismatched records of one kind. */
    public record Count(int matched, int mismatched) {
        public int total() {
            return matched + mismatched;
        }
    }

    /** One difference: which record (kind and id), of which target, when, what is wrong, and field by field. */
    public record Mismatch(
            String kind, String id, String target, String time, String problem, List<JsonDiff.Field> fields) {}

    public boolean allMatched() {
        return mismatches.isEmpty();
    }
}
