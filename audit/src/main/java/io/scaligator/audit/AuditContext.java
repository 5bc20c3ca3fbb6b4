package io.scaligator.audit;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** What the commands get from outside: output and error streams, the clock (for ages like 6h) and the environment. */
record AuditContext(PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {}
