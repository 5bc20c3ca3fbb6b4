package io.scaligator.poller.cycle;

import io.scaligator.poller.prometheus.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When a rule's failing query is worth a log line: when it starts failing, when the failure changes, every
 * {@link #REMINDER} while it goes on, and once when the rule answers again. Logged on every cycle, a Prometheus that
 * is down (every 10 s in the demo) buries everything else in the log; readiness and the query metrics say it on
 * every cycle anyway.
 */
final class QueryFailureLog {

    static final Duration REMINDER = Duration.ofMinutes(10);

    /** What to log for a rule's result. */
    enum Line {
        FAILING,
        STILL_FAILING,
        RECOVERED,
        NONE
    }

    private record Logged(String reason, Instant at) {}

    private final Map<String, Logged> failing = new HashMap<>();

    Line next(String rule, Instant at, QueryResult result) {
        Logged logged = failing.get(rule);
        if (!(result instanceof QueryResult.Failure failure)) {
            return failing.remove(rule) != null ? Line.RECOVERED : Line.NONE;
        }
        if (logged == null || !logged.reason().equals(failure.reason())) {
            failing.put(rule, new Logged(failure.reason(), at));
            return Line.FAILING;
        }
        if (!at.isBefore(logged.at().plus(REMINDER))) {
            failing.put(rule, new Logged(failure.reason(), at));
            return Line.STILL_FAILING;
        }
        return Line.NONE;
    }
}
