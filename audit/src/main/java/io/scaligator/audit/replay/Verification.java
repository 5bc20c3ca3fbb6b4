package io.scaligator.audit.replay;

import io.scaligator.audit.read.Retained;
import java.time.Instant;
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
        List<Mismatch> mismatches,
        Coverage coverage) {

    /** Matched and mismatched records of one kind. */
    public record Count(int matched, int mismatched) {
        public int total() {
            return matched + mismatched;
        }
    }

    /** One difference: which record (kind and id), of which target, when, what is wrong, and field by field. */
    public record Mismatch(
            String kind, String id, String target, String time, String problem, List<JsonDiff.Field> fields) {}

    /**
     * What could be verified: the partitions trimmed from their start, where each target's re-run started, how many
     * recorded decisions and commands lie before those starts (not verified), and the record times of the first
     * and last record compared (null when none was).
     */
    public record Coverage(
            List<Retained.Partition> trimmed,
            List<ReplayStart> starts,
            int unverifiedDecisions,
            int unverifiedCommands,
            Instant verifiedFrom,
            Instant verifiedTo) {

        public List<ReplayStart> startingWith(ReplayStart.Kind kind) {
            return starts.stream().filter(s -> s.kind() == kind).toList();
        }
    }

    public boolean allMatched() {
        return mismatches.isEmpty();
    }
}
