package io.scaligator.audit.read;

import io.scaligator.audit.AuditException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.target.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of the engine's topics for some targets (all when none are named), read within a range, and what the
 * topics still hold.
 */
public record AuditLog(
        Topics topics,
        TimeRange range,
        List<Recorded> inputs,
        List<Recorded> decisions,
        List<Recorded> commands,
        List<Recorded> outcomes,
        Set<String> keysSeen,
        Retained retained) {

    private static final int KNOWN_TARGETS_SHOWN = 5;

    /** Reads alerts and observations (the inputs) and, if {@code withResults}, decisions, commands and outcomes. */
    public static AuditLog read(
            LogReader reader, Topics topics, TimeRange range, Set<String> targets, boolean withOutcomes) {
        java.util.function.Predicate<String> keep = key -> key != null && (targets.isEmpty() || targets.contains(key));
        LogReader.Result in = reader.read(List.of(topics.alerts(), topics.observations()), range, keep);
        LogReader.Result dec = reader.read(List.of(topics.decisions()), range, keep);
        LogReader.Result cmd = reader.read(List.of(topics.commands()), range, keep);
        LogReader.Result out = withOutcomes
                ? reader.read(List.of(topics.outcomes()), range, keep)
                : new LogReader.Result(List.of(), Set.of(), 0, Retained.of(List.of()));
        Set<String> keys = new TreeSet<>();
        List.of(in, dec, cmd, out).forEach(r -> keys.addAll(r.keysSeen()));
        keys.remove(TargetRef.UNMAPPED_KEY);
        AuditLog log = new AuditLog(
                topics,
                range,
                in.records(),
                dec.records(),
                cmd.records(),
                out.records(),
                keys,
                in.retained().and(dec.retained()).and(cmd.retained()).and(out.retained()));
        log.requireKnown(targets);
        return log;
    }

    /** Fails with a clear message when the range is empty or a named target has no record in it. */
    private void requireKnown(Set<String> targets) {
        if (keysSeen.isEmpty()) {
            throw new AuditException("empty range: no records in " + topics.observations() + ", " + topics.alerts()
                    + " or " + topics.decisions() + " from " + range);
        }
        List<String> unknown =
                targets.stream().filter(t -> !keysSeen.contains(t)).sorted().toList();
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(keysSeen);
            String shown = String.join(", ", known.subList(0, Math.min(KNOWN_TARGETS_SHOWN, known.size())))
                    + (known.size() > KNOWN_TARGETS_SHOWN ? " (" + known.size() + " in all)" : "");
            throw new AuditException("unknown target " + String.join(", ", unknown) + ": no records from " + range
                    + "; known targets: " + shown);
        }
    }
}
