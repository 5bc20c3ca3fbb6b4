package io.scaligator.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code [actuator]} table: leader election, command safety limits, dry-run and parallelism. */
public record ActuatorSettings(
        int opsPort,
        LeaseSettings lease,
        Duration commandTtl,
        Duration applyDeadline,
        boolean dryRun,
        boolean exitOnLeadershipLoss,
        String opsBindAddress,
        int parallelism,
        Duration maxClockSkew) {

    static final ConfigKey<Integer> OPS_PORT =
            ConfigKey.integer("actuator.ops_port", 8084, 0, 65535, "Port of /healthz, /readyz, /metrics");
    static final LeaseSettings.Keys LEASE = LeaseSettings.Keys.of("actuator", "scaligator-actuator");
    static final ConfigKey<Duration> COMMAND_TTL = ConfigKey.duration(
            "actuator.command_ttl",
            Duration.ofSeconds(120),
            Duration.ofSeconds(1),
            Duration.ofHours(24),
            "A command older than this after its decidedAt is skipped as expired");
    static final ConfigKey<Duration> APPLY_DEADLINE = ConfigKey.duration(
            "actuator.apply_deadline",
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            Duration.ofMinutes(10),
            "How long 429, 5xx and timeouts are retried before the outcome is failed");
    static final ConfigKey<Boolean> DRY_RUN =
            ConfigKey.of("actuator.dry_run", ValueType.BOOLEAN, false, "Decide and record outcomes, but patch nothing");
    static final ConfigKey<Boolean> EXIT_ON_LEADERSHIP_LOSS = ConfigKey.of(
            "actuator.exit_on_leadership_loss",
            ValueType.BOOLEAN,
            false,
            "Exit the process when leadership is lost instead of standing again");

    static final ConfigKey<String> OPS_BIND_ADDRESS = ConfigKey.bindAddress(
            "actuator.ops_bind_address", "Address the ops endpoints listen on (127.0.0.1: local only)");

    static final ConfigKey<Integer> PARALLELISM = ConfigKey.integer(
            "actuator.parallelism",
            8,
            1,
            64,
            "How many workloads the leader scales at once; one workload's commands are always applied in order");

    static final ConfigKey<Duration> MAX_CLOCK_SKEW = ConfigKey.duration(
            "actuator.max_clock_skew",
            Duration.ofSeconds(30),
            Duration.ZERO,
            Duration.ofMinutes(10),
            "A command whose decidedAt is further ahead of this instance's clock is refused (refused-from-future)");

    static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.add(OPS_PORT);
        keys.addAll(LEASE.all());
        keys.addAll(List.of(
                COMMAND_TTL,
                APPLY_DEADLINE,
                DRY_RUN,
                EXIT_ON_LEADERSHIP_LOSS,
                OPS_BIND_ADDRESS,
                PARALLELISM,
                MAX_CLOCK_SKEW));
        return keys;
    }

    static ActuatorSettings read(ConfigReader reader, String ownNamespace, String hostName) {
        return new ActuatorSettings(
                reader.get(OPS_PORT),
                LEASE.read(reader, ownNamespace, hostName),
                reader.get(COMMAND_TTL),
                reader.get(APPLY_DEADLINE),
                reader.get(DRY_RUN),
                reader.get(EXIT_ON_LEADERSHIP_LOSS),
                reader.get(OPS_BIND_ADDRESS),
                reader.get(PARALLELISM),
                reader.get(MAX_CLOCK_SKEW));
    }
}
