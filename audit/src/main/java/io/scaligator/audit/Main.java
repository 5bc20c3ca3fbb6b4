package io.scaligator.audit;

import java.time.Clock;

/** {@code java -jar scaligator-audit.jar history|verify|what-if|simulate|explain ...}. Only wiring. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(AuditCli.run(args, System.out, System.err, Clock.systemUTC(), System.getenv()));
    }
}
