package io.scaligator.audit.report;

import io.scaligator.common.event.Recommendation;
import io.scaligator.common.util.SafeText;
import io.scaligator.engine.core.ScheduleStatus;
import io.scaligator.engine.explain.TargetPage;
import io.scaligator.engine.explain.TargetView;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the engine's explain answers as {@code kubectl describe} does: aligned {@code Key:  value} lines, one
 * section per part; and a target list as a table. Text from alerts and triggers is made safe for a terminal.
 */
public final class DescribeReport {

    private static final String KEY = "%-20s%s%n";
    private static final String SUB = "  %-18s%s%n";
    /** Characters of one value: reasons in full, yet bounded. */
    private static final int VALUE_MAX = 4096;
    /** The engine's bound on identifiers: a trigger id (67 characters) is shown whole, to be copied into a cancel. */
    private static final int KEY_MAX = 128;

    private DescribeReport() {}

    public static void describe(TargetView v, PrintStream out) {
        line(out, "Target:", v.target());
        line(
                out,
                "Observed:",
                v.observedAt() == null ? "<never>" : v.observedAt().toString());
        line(
                out,
                "Replicas:",
                v.currentReplicas() == null
                        ? "<not observed>"
                        : v.currentReplicas() + " (" + v.readyReplicas() + " ready)");
        line(out, "Bounds:", "min " + v.minReplicas() + ", max " + v.maxReplicas());
        if (v.otherAutoscaler() != null) {
            line(out, "Other autoscaler:", v.otherAutoscaler());
        }
        if (v.deletedAt() != null) {
            line(out, "Deleted:", v.deletedAt().toString());
        }
        if (v.annotationProblem() != null) {
            line(out, "Annotation problem:", v.annotationProblem());
        }
        section(out, "Sources:", v.sources().isEmpty());
        for (Recommendation r : v.sources()) {
            sub(out, r.source(), (r.replicas() == null ? "-" : r.replicas().toString()) + "  " + r.reason());
        }
        section(out, "Floors:", v.floors().isEmpty());
        for (TargetView.Floor f : v.floors()) {
            sub(
                    out,
                    f.rule(),
                    (f.replicas() == null ? "floor unknown" : "at least " + f.replicas())
                            + (f.replicasAtFiring() == null ? "" : " (" + f.replicasAtFiring() + " at firing)")
                            + ", " + f.alerts() + (f.alerts() == 1 ? " alert" : " alerts") + ", fired "
                            + f.firedAt() + ", expires " + f.expiresAt());
        }
        section(out, "Triggers:", v.triggers().isEmpty());
        for (TargetView.Trigger t : v.triggers()) {
            // scale_to 5; scale_up step +2 (to 7); scale_down step -1 (to 4): the count a step aims at is kept too
            String amount = t.step() != null
                    ? " step " + (t.step() > 0 ? "+" : "") + t.step()
                            + (t.replicas() == null ? "" : " (to " + t.replicas() + ")")
                    : t.replicas() != null ? " " + t.replicas() : "";
            sub(
                    out,
                    t.id(),
                    t.action() + amount + " from " + t.source() + ", expires " + t.expiresAt()
                            + (t.reason() == null ? "" : ": " + t.reason()));
        }
        ScheduleStatus s = v.schedule();
        section(out, "Schedule (now):", s == null);
        if (s != null) {
            sub(out, "Rule:", s.source());
            sub(out, "State:", (s.downtime() ? "downtime (" + s.downtimeReplicas() + " replicas)" : "uptime"));
            sub(out, "Why:", s.reason());
            sub(
                    out,
                    "Next change:",
                    s.nextChange() == null
                            ? "<none within 8 days>"
                            : s.nextChange().toString());
        }
        TargetView.PendingCommand p = v.pendingCommand();
        line(
                out,
                "Pending command:",
                p == null
                        ? "<none>"
                        : p.fromReplicas() + " -> " + p.toReplicas() + ", issued " + p.issuedAt()
                                + ", awaiting an observation that shows it");
        TargetView.LastDecision d = v.lastDecision();
        section(out, "Last decision:", d == null);
        if (d != null) {
            String result = d.result().name().toLowerCase(Locale.ROOT);
            sub(out, "Result:", result + " " + d.currentReplicas() + " -> " + d.desiredReplicas());
            sub(out, "Rule:", d.rule());
            sub(out, "Reason:", d.reason());
            sub(out, "Decided at:", d.decidedAt().toString());
            sub(out, "Decision:", d.id() + (d.commandId() == null ? "" : ", command " + d.commandId()));
            sub(out, "Policy:", d.policyVersion());
        }
    }

    /** One line per target; a last line says how to ask for the next page when there is one. */
    public static void list(TargetPage page, String namespaceOption, PrintStream out) {
        String row = "%-50s %-9s %-8s %-8s %-24s %s%n";
        out.printf(row, "TARGET", "REPLICAS", "LAST", "DESIRED", "RULE", "DECIDED");
        for (TargetPage.Summary s : page.targets()) {
            out.printf(
                    row,
                    s.target(),
                    s.currentReplicas() == null ? "-" : s.currentReplicas(),
                    s.lastResult() == null ? "-" : s.lastResult().name().toLowerCase(Locale.ROOT),
                    s.desiredReplicas() == null ? "-" : s.desiredReplicas(),
                    s.lastRule() == null ? "-" : SafeText.of(s.lastRule(), 64),
                    s.decidedAt() == null ? "-" : s.decidedAt());
        }
        out.printf("%d targets%n", page.targets().size());
        if (page.next() != null) {
            out.printf("more: audit explain%s --after %s%n", namespaceOption, page.next());
        }
    }

    private static void line(PrintStream out, String key, String value) {
        out.printf(KEY, key, SafeText.of(value, VALUE_MAX));
    }

    private static void sub(PrintStream out, String key, String value) {
        out.printf(SUB, SafeText.of(key, KEY_MAX) + (key.endsWith(":") ? "" : " "), SafeText.of(value, VALUE_MAX));
    }

    private static void section(PrintStream out, String title, boolean empty) {
        if (empty) {
            out.printf(KEY, title, "<none>");
        } else {
            out.println(title);
        }
    }
}
