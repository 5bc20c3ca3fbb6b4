package io.scaligator.audit.report;

import io.scaligator.audit.read.Retained;
import io.scaligator.audit.replay.JsonDiff;
import io.scaligator.audit.replay.ReplayStart;
import io.scaligator.audit.replay.Verification;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * Prints a verification: counts, the range of record times compared and, when the log was trimmed, where each
 * target's re-run started and what could not be verified; then the first mismatches field by field.
 */
public final class VerifyReport {

    private VerifyReport() {}

    public static void print(Verification v, int detailed, PrintStream out) {
        out.printf(
                "verify %s: re-ran %,d input records with policy %s%n",
                v.range(), v.inputs(), String.join(", ", v.policyVersions()));
        line(out, "decisions", v.decisions());
        line(out, "commands", v.commands());
        if (v.pending() > 0) {
            out.printf(
                    "  pending:   %,d re-run outputs of inputs the engine had not decided yet (not compared)%n",
                    v.pending());
        }
        Verification.Coverage coverage = v.coverage();
        out.printf(
                "  verified:  records from %s to %s%n", orNone(coverage.verifiedFrom()), orNone(coverage.verifiedTo()));
        if (!coverage.trimmed().isEmpty()
                || coverage.starts().stream().anyMatch(s -> s.kind() != ReplayStart.Kind.BEGINNING)) {
            printStarts(coverage, out);
        }
        int shown = 0;
        for (Verification.Mismatch m : v.mismatches()) {
            if (shown++ == detailed) {
                out.printf("... and %d more mismatches%n", v.mismatches().size() - detailed);
                break;
            }
            out.printf("MISMATCH %s %s (%s, %s): %s%n", m.kind(), m.id(), m.target(), m.time(), m.problem());
            for (JsonDiff.Field f : m.fields()) {
                out.printf("    %s: recorded %s, re-run %s%n", f.path(), f.recorded(), f.rerun());
            }
        }
        boolean partial = coverage.unverifiedDecisions() + coverage.unverifiedCommands() > 0
                || !coverage.startingWith(ReplayStart.Kind.UNVERIFIABLE).isEmpty();
        out.println(
                !v.allMatched()
                        ? "FAILED: " + v.mismatches().size() + " mismatch"
                                + (v.mismatches().size() == 1 ? "" : "es")
                        : partial
                                ? "OK: every recorded decision and command from its target's start was reproduced"
                                        + " byte for byte; the part before it (trimmed, or made by another engine"
                                        + " semantics) was not verified"
                                : "OK: every recorded decision and command in the range was reproduced byte for byte");
    }

    private static void printStarts(Verification.Coverage coverage, PrintStream out) {
        for (Retained.Partition p : coverage.trimmed()) {
            out.printf(
                    "  trimmed:   %s begins at offset %,d%s%n",
                    p.name(),
                    p.beginning(),
                    p.firstTimestamp() == null ? " (empty)" : ", " + Instant.ofEpochMilli(p.firstTimestamp()));
        }
        out.printf(
                "  starts:    %d targets from the beginning, %d from a checkpoint, %d unverifiable%n",
                coverage.startingWith(ReplayStart.Kind.BEGINNING).size(),
                coverage.startingWith(ReplayStart.Kind.CHECKPOINT).size(),
                coverage.startingWith(ReplayStart.Kind.UNVERIFIABLE).size());
        for (ReplayStart s : coverage.startingWith(ReplayStart.Kind.CHECKPOINT)) {
            out.printf(
                    "    %s: from its checkpoint at %s (before decision %s, input %s): %s%n",
                    s.target(),
                    s.checkpoint().at(),
                    s.checkpoint().decisionId(),
                    s.checkpoint().input().coordinates(),
                    s.reason());
        }
        for (ReplayStart s : coverage.startingWith(ReplayStart.Kind.UNVERIFIABLE)) {
            out.printf("    %s: UNVERIFIABLE, %s%n", s.target(), s.reason());
        }
        out.printf(
                "  not verified: %,d decisions and %,d commands before their target's start%n",
                coverage.unverifiedDecisions(), coverage.unverifiedCommands());
    }

    private static String orNone(Instant at) {
        return at == null ? "(none)" : at.toString();
    }

    private static void line(PrintStream out, String kind, Verification.Count c) {
        double share = c.total() == 0 ? 100 : 100.0 * c.matched() / c.total();
        out.printf(
                Locale.ROOT,
                "  %-10s %,d matched, %,d mismatched (%.1f%% matched)%n",
                kind + ":",
                c.matched(),
                c.mismatched(),
                share);
    }
}
