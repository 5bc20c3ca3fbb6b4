package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;

/** The {@code [poller]} table: the metrics poller's Prometheus access and ops port. */
public record PollerSettings(int opsPort, Duration prometheusTimeout, String opsBindAddress) {

    static final ConfigKey<Integer> OPS_PORT = ConfigKey.integer("poller.ops_port", 8082, 0, 65535,
            "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<Duration> PROMETHEUS_TIMEOUT = ConfigKey.duration("poller.prometheus_timeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5),
            "Timeout of one PromQL query; a timed-out rule is reported missing for every target");

    static final ConfigKey<String> OPS_BIND_ADDRESS = ConfigKey.bindAddress("poller.ops_bind_address",
            "Address the ops endpoints listen on (127.0.0.1: local only)");

    static List<ConfigKey<?>> keys() {
        return List.of(OPS_PORT, PROMETHEUS_TIMEOUT, OPS_BIND_ADDRESS);
    }

    static PollerSettings read(ConfigReader reader) {
        return new PollerSettings(reader.get(OPS_PORT), reader.get(PROMETHEUS_TIMEOUT), reader.get(OPS_BIND_ADDRESS));
    }
}
