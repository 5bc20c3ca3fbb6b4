package io.scaligator.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's Scaligator config: bearer token known to the load, every port free (0), one watched namespace,
 * poll cycles pushed out of the run, no stabilization and rate policies that never bind, and one alert rule per
 * sequence number with a fixed floor of 1 + seq replicas.
 */
final class BenchConfig {

    static final String TOKEN = "bench-token-0123456789abcdef";

    private BenchConfig() {}

    /** Writes the config; {@code engineCommitMs} > 0 sets engine.commit_interval, else the engine's default holds. */
    static Path write(Path dir, Targets targets, int ruleCount, int engineCommitMs) throws IOException {
        StringBuilder toml = new StringBuilder();
        toml.append("""
                # Nothing listens there: the built-in cpu rule is reported missing, which never scales down.
                prometheus_url = "http://127.0.0.1:9"
                watch_namespaces = ["%s"]
                # The poller's first cycle runs at start, before the benchmark's Deployments exist; the next one
                # would come after the run. The benchmark publishes the one observation per target itself.
                reconcile_interval = 3600
                max_replicas = 10000

                [receiver]
                port = 0
                ops_port = 0
                auth = "bearer"
                token = "%s"
                resolve_pods = false

                [poller]
                ops_port = 0

                [engine]
                ops_port = 0
                stabilization_up = "0s"
                stabilization_down = "0s"
                scale_up_pods = 10000
                scale_up_percent = 10000
                scale_up_period = "1s"
                # Floors are never resolved here: each target gets an alert every 3 s, so with 1 minute a target
                # holds about 20 floors, inside the engine's bound of 32 per target however long the run (older,
                # lower floors expire without changing the count).
                alert_floor_ttl = "1m"
                %s
                [actuator]
                ops_port = 0
                # Commands queued behind a saturated actuator must still be applied, so that their latency is
                # measured rather than hidden as expired (the default is 120 s).
                command_ttl = "1h"
                """.formatted(
                        targets.namespace(),
                        TOKEN,
                        engineCommitMs > 0 ? "commit_interval = \"" + engineCommitMs + "ms\"\n" : ""));
        for (int seq = 1; seq <= ruleCount; seq++) {
            toml.append("""

                    [[alert_rules]]
                    name = "bench-floor-%d"
                    match = { alertname = "BenchFloor%d" }
                    floor_replicas = %d
                    """.formatted(seq, seq, Targets.INITIAL_REPLICAS + seq));
        }
        Path file = dir.resolve("bench.toml");
        Files.writeString(file, toml);
        return file;
    }
}
