package io.scaligator.audit;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.audit.replay.WhatIf;
import io.scaligator.audit.report.WhatIfReport;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit what-if}: the recorded inputs under a candidate policy, against what happened. */
@Command(
        name = "what-if",
        mixinStandardHelpOptions = true,
        description = "Replay the recorded inputs under a candidate policy and compare scale "
                + "actions, replica-hours and time over each metric threshold with what happened; where "
                + "retention trimmed the log, each target from its earliest usable checkpoint.")
final class WhatIfCommand implements Callable<Integer> {

    enum Output {
        table,
        html
    }

    private final AuditContext ctx;

    @Mixin
    CommonOptions common;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "candidate config (TOML)")
    Path policy;

    @Option(names = "--target", paramLabel = "ns/Kind/name", description = "only these workloads (repeatable)")
    List<String> targets;

    @Option(names = "--output", defaultValue = "table", description = "table or html")
    Output output;

    WhatIfCommand(AuditContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Policy candidate = candidate();
        TimeRange compare = common.range(ctx);
        var reader = common.reader(ctx);
        var topics = common.topics(ctx.env());
        var only = CommonOptions.targets(targets);
        // replay from the beginning of what the topics still hold, each target from its earliest usable checkpoint
        // where they were trimmed
        AuditLog log = AuditLog.read(reader, topics, compare.fromBeginning(), only, false);
        WhatIf.Result result = WhatIf.run(log, CheckpointLog.neededFor(log, reader, only), compare, candidate);
        if (result.series().isEmpty()) {
            throw new AuditException("empty range: no observations from " + compare);
        }
        if (output == Output.html) {
            WhatIfReport.html(result, ctx.out());
        } else {
            WhatIfReport.table(result, ctx.out());
        }
        return 0;
    }

    private Policy candidate() {
        return Policies.from(PolicyFile.read("--policy", policy));
    }
}
