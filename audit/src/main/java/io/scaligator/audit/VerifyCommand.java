package io.scaligator.audit;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.PolicyLog;
import io.scaligator.audit.read.RecordedSemantics;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.audit.replay.Verification;
import io.scaligator.audit.replay.Verifier;
import io.scaligator.audit.report.VerifyReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit verify}: re-runs the engine over the recorded inputs and compares byte for byte; 1 on any mismatch.
 * Where retention trimmed the topics, each target is re-run from its earliest usable state checkpoint.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Re-run the recorded inputs through the engine with the recorded policies and "
                + "compare decisions and commands byte for byte; where retention trimmed the log, each target "
                + "from its earliest usable checkpoint (what lies before it is reported as not verified). "
                + "Exit 1 on any mismatch.")
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
        // state at --since depends on everything before it: replay from the beginning of what the topics still hold
        // (each target from its earliest usable checkpoint where they were trimmed), compare within the range
        var only = CommonOptions.targets(targets);
        AuditLog log = AuditLog.read(reader, topics, compare.fromBeginning(), only, false);
        PolicyLog policies = PolicyLog.read(reader, topics);
        RecordedSemantics semantics = new RecordedSemantics(policies);
        Verification result = new Verifier(policies, semantics)
                .verify(log, CheckpointLog.neededFor(log, reader, only, semantics), compare);
        VerifyReport.print(result, show, ctx.out());
        return result.allMatched() ? 0 : 1;
    }
}
