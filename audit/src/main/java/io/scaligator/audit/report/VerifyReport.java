package io.scaligator.audit.report;

import io.scaligator.audit.replay.JsonDiff;
import io.scaligator.audit.replay.Verification;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a verification: counts, then the first mismatches field by field. */
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
        out.println(
                v.allMatched()
                        ? "OK: every recorded decision and command in the range was reproduced byte for byte"
                        : "FAILED: " + v.mismatches().size() + " mismatch"
                                + (v.mismatches().size() == 1 ? "" : "es"));
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
