package io.scaligator.audit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.util.SafeText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a target's timeline as a table, JSON lines or an HTML page with a chart of replicas over time. */
public final class HistoryReport {

    private static final List<String> HEADER = List.of(
            "time",
            "input",
            "replicas",
            "metrics",
            "alerts/triggers",
            "schedule",
            "recommendations",
            "result",
            "rule: reason",
            "command",
            "outcome");

    /** Characters of one table cell: every reason in full, yet bounded. */
    private static final int AUDIT_CELL_MAX = 8192;

    private HistoryReport() {}

    public static void table(List<TimelineEntry> entries, PrintStream out) {
        out.printf(
                "%-24s %-12s %-8s %-26s %-8s %s%n",
                "TIME",
                "INPUT",
                "REPLICAS",
                "METRICS",
                "RESULT",
                "RULE: REASON / RECOMMENDATIONS / ALERTS / SCHEDULE / COMMAND -> OUTCOME");
        for (TimelineEntry e : entries) {
            // reasons quote alert and trigger text: a terminal must show it, not obey it
            List<String> cells = row(e).stream()
                    .map(cell -> SafeText.of(cell, AUDIT_CELL_MAX))
                    .toList();
            out.printf(
                    "%-24s %-12s %-8s %-26s %-8s %s%n",
                    cells.get(0), cells.get(1), cells.get(2), cells.get(3), e.result(), cells.get(8));
            indent(out, "recommendations", cells.get(6));
            indent(out, "alerts/triggers", cells.get(4));
            indent(out, "schedule", cells.get(5));
            if (e.command() != null) {
                out.printf(
                        "%-24s command %s -> %s%n",
                        "", cells.get(9), cells.get(10).isEmpty() ? "no outcome yet" : cells.get(10));
            }
        }
        out.printf("%d entries%n", entries.size());
    }

    private static void indent(PrintStream out, String label, String text) {
        if (!text.isEmpty()) {
            out.printf("%-24s %s: %s%n", "", label, text);
        }
    }

    public static void jsonLines(List<TimelineEntry> entries, PrintStream out) {
        for (TimelineEntry e : entries) {
            try {
                out.println(EventJson.mapper().writeValueAsString(e));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("cannot write entry: " + ex.getMessage(), ex);
            }
        }
    }

    public static void html(String target, String range, List<TimelineEntry> entries, PrintStream out) {
        List<long[]> points = new ArrayList<>();
        List<Chart.Marker> markers = new ArrayList<>();
        int scales = 0;
        for (TimelineEntry e : entries) {
            if (e.decisionId() == null) {
                if (e.specReplicas() != null) {
                    points.add(new long[] {e.time().toEpochMilli(), e.specReplicas()});
                }
                continue;
            }
            long t = e.time().toEpochMilli();
            points.add(new long[] {t, e.currentReplicas()});
            String color =
                    switch (e.result()) {
                        case "scale" -> "#d62728";
                        case "refused" -> "#7f7f7f";
                        default -> "#1f77b4";
                    };
            if (e.command() != null) {
                scales++;
                points.add(new long[] {t, e.command().toReplicas()});
            }
            String label = e.time() + " " + e.result() + " " + e.currentReplicas() + " -> " + e.desiredReplicas()
                    + " (" + e.rule() + "): " + e.reason()
                    + (e.outcome() != null ? "; outcome " + e.outcome().status() : "");
            markers.add(new Chart.Marker(t, e.desiredReplicas(), "replicas", color, label));
        }
        Chart chart =
                new Chart("replicas of " + target, List.of(new Chart.Series("replicas", "#2ca02c", points)), markers);
        List<String> summary = List.of(
                "Range: " + range,
                entries.size() + " entries, " + markers.size()
                        + " decisions, " + scales + " scale commands. Hover a marker for the decision and its reason "
                        + "(red: scale, blue: hold, grey: refused).");
        out.print(HtmlPage.render(
                "Scaligator history: " + target,
                summary,
                chart,
                HEADER,
                entries.stream().map(HistoryReport::row).toList()));
    }

    private static List<String> row(TimelineEntry e) {
        String replicas = e.specReplicas() != null
                ? e.specReplicas() + "/" + e.readyReplicas()
                : e.currentReplicas() != null ? String.valueOf(e.currentReplicas()) : "";
        String recs = String.join(
                ", ",
                e.recommendations().stream()
                        .map(r -> r.source() + "=" + (r.replicas() == null ? "-" : r.replicas()))
                        .toList());
        String decision = e.rule() == null
                ? ""
                : e.currentReplicas() + " -> " + e.desiredReplicas() + " " + e.rule() + ": " + e.reason();
        String command = e.command() == null
                ? ""
                : e.command().id() + " " + e.command().fromReplicas() + " -> "
                        + e.command().toReplicas();
        String outcome = e.outcome() == null
                ? ""
                : e.outcome().status()
                        + (e.outcome().appliedReplicas() != null
                                ? " (" + e.outcome().appliedReplicas() + ")"
                                : "")
                        + (e.outcome().message() != null ? ": " + e.outcome().message() : "");
        return List.of(
                e.time().toString(),
                e.input().toLowerCase(Locale.ROOT),
                replicas,
                String.join(" ", e.metrics()),
                String.join("; ", e.alerts()),
                e.schedule() == null ? "" : e.schedule(),
                recs,
                e.result(),
                decision,
                command,
                outcome);
    }
}
