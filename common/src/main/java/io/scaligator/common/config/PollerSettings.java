package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;

/** The {@code [poller]} table: the metrics poller's Prometheus access and ops port. */
public record PollerSettings(int opsPort, Duration prometheusTimeout) {

    static final ConfigKey<Integer> OPS_PORT = ConfigKey.integer("poller.ops_port", 8082, 0, 65535,
            "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<Duration> PROMETHEUS_TIMEOUT = ConfigKey.duration("poller.prometheus_timeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5),
            "Timeout of one PromQL query; a timed-out rule is reported missing for every target");

    static List<ConfigKey<?>> keys() {
        return List.of(OPS_PORT, PROMETHEUS_TIMEOUT);
    }

    static PollerSettings read(ConfigReader reader) {
        return new PollerSettings(reader.get(OPS_PORT), reader.get(PROMETHEUS_TIMEOUT));
    }
}
