package io.scaligator.audit;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.PolicyLog;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.audit.replay.Verification;
import io.scaligator.audit.replay.Verifier;
import io.scaligator.audit.report.VerifyReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit verify}: re-runs the engine over the recorded inputs and compares byte for byte; 1 on any mismatch. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Re-run the recorded inputs through the engine with the recorded policies and "
                + "compare decisions and commands byte for byte. Exit 1 on any mismatch.")
final class VerifyCommand implements Callable<Integer> {

    private final AuditContext ctx;

    @Mixin
    CommonOptions common;

    @Option(names = "--target", paramLabel = "ns/Kind/name", description = "only these workloads (repeatable)")
    List<String> targets;

    @Option(
            names = "--show",
            defaultValue = "10",
            description = "mismatches shown in detail (default ${DEFAULT-VALUE})")
    int show;

    VerifyCommand(AuditContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        TimeRange compare = common.range(ctx);
        var reader = common.reader(ctx);
        var topics = common.topics(ctx.env());
        // state at --since depends on everything before it: replay from the beginning, compare within the range
        AuditLog log = AuditLog.read(reader, topics, compare.fromBeginning(), CommonOptions.targets(targets), false);
        Verification result = new Verifier(PolicyLog.read(reader, topics)).verify(log, compare);
        VerifyReport.print(result, show, ctx.out());
        return result.allMatched() ? 0 : 1;
    }
}
