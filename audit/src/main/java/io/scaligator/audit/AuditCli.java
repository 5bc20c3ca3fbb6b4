package io.scaligator.audit;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code audit history|verify|what-if|simulate|explain}: the command line, and how failures become exit codes (2:
 * fix the input).
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        version = "scaligator audit 0.1.0",
        description = "Audit Scaligator from its Kafka log, read-only: no consumer group, no committed offsets; "
                + "simulate a policy on a demand trace; ask the running engine what it knows about a target.")
public final class AuditCli {

    public static final int MISMATCH = 1;
    public static final int USAGE = 2;

    private AuditCli() {}

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {
        AuditContext ctx = new AuditContext(out, err, clock, env);
        CommandLine cli = new CommandLine(new AuditCli())
                .addSubcommand(new HistoryCommand(ctx))
                .addSubcommand(new VerifyCommand(ctx))
                .addSubcommand(new WhatIfCommand(ctx))
                .addSubcommand(new SimulateCommand(ctx))
                .addSubcommand(new ExplainCommand(ctx));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof AuditException) {
                err.println("audit: " + e.getMessage());
                return USAGE;
            }
            err.println("audit: failed: " + e);
            return MISMATCH;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }
}
