package io.scaligator.poller.prometheus;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Runs PromQL instant queries against the Prometheus HTTP API. */
public interface PrometheusClient {

    /**
     * Evaluates {@code promql} at {@code time}. The future never completes exceptionally: every problem (timeout,
     * HTTP status, error body, unexpected result) comes back as a {@link QueryResult.Failure} with its reason.
     */
    CompletableFuture<QueryResult> query(String promql, Instant time);
}
