package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;

/** The {@code [actuator]} table: leader election, command safety limits, dry-run and parallelism. */
public record ActuatorSettings(
        int opsPort,
        String leaseName,
        String leaseNamespace,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod,
        Duration commandTtl,
        Duration applyDeadline,
        boolean dryRun,
        boolean exitOnLeadershipLoss,
        String opsBindAddress,
        int parallelism,
        Duration maxClockSkew) {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    static final ConfigKey<Integer> OPS_PORT =
            ConfigKey.integer("actuator.ops_port", 8084, 0, 65535, "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<String> LEASE_NAME = ConfigKey.of(
            "actuator.lease_name",
            ValueType.STRING,
            "scaligator-actuator",
            "Name of the coordination.k8s.io Lease used for leader election");
    static final ConfigKey<String> LEASE_NAMESPACE = ConfigKey.of(
            "actuator.lease_namespace",
            ValueType.STRING,
            null,
            "Namespace of the Lease; defaults to the top-level namespace");
    static final ConfigKey<String> IDENTITY = ConfigKey.of(
            "actuator.identity",
            ValueType.STRING,
            null,
            "This instance's identity in the Lease; defaults to the host name (the pod name in Kubernetes)");
    static final ConfigKey<Duration> LEASE_DURATION = ConfigKey.duration(
            "actuator.lease_duration",
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            MINUTE,
            "How long a Lease is valid without renewal");
    static final ConfigKey<Duration> RENEW_DEADLINE = ConfigKey.duration(
            "actuator.renew_deadline",
            Duration.ofSeconds(10),
            Duration.ofMillis(500),
            MINUTE,
            "How long the leader keeps trying to renew");
    static final ConfigKey<Duration> RETRY_PERIOD = ConfigKey.duration(
            "actuator.retry_period",
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            MINUTE,
            "Interval between leader election attempts");
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
        return List.of(
                OPS_PORT,
                LEASE_NAME,
                LEASE_NAMESPACE,
                IDENTITY,
                LEASE_DURATION,
                RENEW_DEADLINE,
                RETRY_PERIOD,
                COMMAND_TTL,
                APPLY_DEADLINE,
                DRY_RUN,
                EXIT_ON_LEADERSHIP_LOSS,
                OPS_BIND_ADDRESS,
                PARALLELISM,
                MAX_CLOCK_SKEW);
    }

    static ActuatorSettings read(ConfigReader reader, String ownNamespace, String hostName) {
        Duration lease = reader.get(LEASE_DURATION);
        Duration renew = reader.get(RENEW_DEADLINE);
        Duration retry = reader.get(RETRY_PERIOD);
        if (renew.compareTo(lease) >= 0 || retry.compareTo(renew) >= 0) {
            reader.problem("actuator.lease_duration (" + lease + ") > actuator.renew_deadline (" + renew
                    + ") > actuator.retry_period (" + retry + ") must hold");
        }
        String leaseNamespace = reader.get(LEASE_NAMESPACE);
        String identity = reader.get(IDENTITY);
        return new ActuatorSettings(
                reader.get(OPS_PORT),
                reader.get(LEASE_NAME),
                leaseNamespace == null ? ownNamespace : leaseNamespace,
                identity == null ? hostName : identity,
                lease,
                renew,
                retry,
                reader.get(COMMAND_TTL),
                reader.get(APPLY_DEADLINE),
                reader.get(DRY_RUN),
                reader.get(EXIT_ON_LEADERSHIP_LOSS),
                reader.get(OPS_BIND_ADDRESS),
                reader.get(PARALLELISM),
                reader.get(MAX_CLOCK_SKEW));
    }
}
