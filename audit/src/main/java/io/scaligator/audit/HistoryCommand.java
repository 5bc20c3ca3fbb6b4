package io.scaligator.audit;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.audit.report.HistoryReport;
import io.scaligator.audit.report.Timeline;
import io.scaligator.audit.report.TimelineEntry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit history}: one target's timeline of inputs, recommendations, decisions, commands and outcomes. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Timeline of one target: inputs, each source's recommendation, result, command, outcome.")
final class HistoryCommand implements Callable<Integer> {

    enum Output {
        table,
        json,
        html
    }

    private final AuditContext ctx;

    @Mixin
    CommonOptions common;

    @Option(names = "--target", required = true, paramLabel = "ns/Kind/name", description = "the workload")
    String target;

    @Option(names = "--output", defaultValue = "table", description = "table, json (JSON lines) or html")
    Output output;

    HistoryCommand(AuditContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String key = CommonOptions.targets(List.of(target)).iterator().next();
        TimeRange range = common.range(ctx);
        AuditLog log = AuditLog.read(common.reader(ctx), common.topics(ctx.env()), range, Set.of(key), true);
        List<TimelineEntry> entries = Timeline.of(log, key);
        switch (output) {
            case json -> HistoryReport.jsonLines(entries, ctx.out());
            case html -> HistoryReport.html(key, range.toString(), entries, ctx.out());
            default -> HistoryReport.table(entries, ctx.out());
        }
        return 0;
    }
}
