package io.scaligator.poller.cycle;

import io.scaligator.common.ops.HealthCheck;
import io.scaligator.poller.prometheus.QueryResult;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Readiness from the last query of every rule: ready only when each one returned a vector. */
public final class PrometheusHealth implements HealthCheck {

    private final Map<String, QueryResult> last = new TreeMap<>();

    synchronized void record(String rule, QueryResult result) {
        last.put(rule, result);
    }

    @Override
    public synchronized Status check() {
        if (last.isEmpty()) {
            return Status.notReady("no Prometheus query has run yet");
        }
        String failing = last.entrySet().stream()
                .filter(e -> e.getValue() instanceof QueryResult.Failure)
                .map(e -> e.getKey() + ": " + ((QueryResult.Failure) e.getValue()).reason())
                .collect(Collectors.joining("; "));
        return failing.isEmpty()
                ? Status.ready("last query of every rule returned a vector")
                : Status.notReady(failing);
    }
}
