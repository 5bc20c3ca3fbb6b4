package io.scaligator.audit.report;

import io.scaligator.audit.replay.ReplayStart;
import io.scaligator.audit.replay.WhatIf;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a what-if comparison as a table, or as an HTML page with both replica series per target. */
public final class WhatIfReport {

    private WhatIfReport() {}

    public static void table(WhatIf.Result r, PrintStream out) {
        summary(r).forEach(out::println);
        out.printf("%-28s %12s %12s %12s%n", "", "recorded", "candidate", "change");
        out.printf(
                "%-28s %12d %12d %+12d%n",
                "scale actions",
                r.recorded().scaleActions(),
                r.candidate().scaleActions(),
                r.candidate().scaleActions() - r.recorded().scaleActions());
        out.printf(
                Locale.ROOT,
                "%-28s %12.2f %12.2f %+12.2f%n",
                "replica-hours",
                r.recorded().replicaHours(),
                r.candidate().replicaHours(),
                r.candidate().replicaHours() - r.recorded().replicaHours());
        for (Map.Entry<String, String> t : r.thresholds().entrySet()) {
            long rec = r.recorded().secondsOverThreshold().getOrDefault(t.getKey(), 0L);
            long cand = r.candidate().secondsOverThreshold().getOrDefault(t.getKey(), 0L);
            out.printf(
                    "%-28s %12s %12s %12s%n",
                    "time over " + t.getValue(),
                    duration(rec),
                    duration(cand),
                    (cand >= rec ? "+" : "-") + duration(Math.abs(cand - rec)));
        }
    }

    private static List<String> summary(WhatIf.Result r) {
        List<String> lines = new ArrayList<>(List.of(
                "what-if " + r.range() + ": candidate policy " + r.candidateVersion() + " vs recorded "
                        + String.join(", ", r.recordedVersions()) + ", "
                        + r.series().size() + " target(s)",
                "model: candidate commands take effect by the next observation; metric values scaled by "
                        + "recorded/simulated replicas"));
        for (ReplayStart s : r.trimmedStarts()) {
            lines.add(
                    s.kind() == ReplayStart.Kind.CHECKPOINT
                            ? "trimmed log: " + s.target() + " starts from its checkpoint at "
                                    + s.checkpoint().at()
                            : "trimmed log: " + s.target() + " starts from no state at its first retained input ("
                                    + s.reason() + "): windows, floors and triggers from before are not known");
        }
        return lines;
    }

    public static void html(WhatIf.Result r, PrintStream out) {
        List<Chart.Series> series = new ArrayList<>();
        List<Chart.Marker> markers = new ArrayList<>();
        for (Map.Entry<String, WhatIf.TargetSeries> e : r.series().entrySet()) {
            series.add(new Chart.Series(
                    e.getKey() + " recorded", "#1f77b4", e.getValue().recorded()));
            series.add(new Chart.Series(
                    e.getKey() + " candidate", "#ff7f0e", e.getValue().candidate()));
            for (long[] c : e.getValue().candidateCommands()) {
                markers.add(new Chart.Marker(
                        c[0],
                        (int) c[1],
                        e.getKey() + " candidate",
                        "#ff7f0e",
                        java.time.Instant.ofEpochMilli(c[0]) + " " + e.getKey() + ": candidate command to " + c[1]));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "scale actions",
                String.valueOf(r.recorded().scaleActions()),
                String.valueOf(r.candidate().scaleActions())));
        rows.add(List.of(
                "replica-hours",
                String.format(Locale.ROOT, "%.2f", r.recorded().replicaHours()),
                String.format(Locale.ROOT, "%.2f", r.candidate().replicaHours())));
        r.thresholds()
                .forEach((rule, label) -> rows.add(List.of(
                        "time over " + label,
                        duration(r.recorded().secondsOverThreshold().getOrDefault(rule, 0L)),
                        duration(r.candidate().secondsOverThreshold().getOrDefault(rule, 0L)))));
        out.print(HtmlPage.render(
                "Scaligator what-if: " + r.candidateVersion(),
                summary(r),
                new Chart("replicas: recorded vs candidate", series, markers),
                List.of("", "recorded", "candidate"),
                rows));
    }

    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
