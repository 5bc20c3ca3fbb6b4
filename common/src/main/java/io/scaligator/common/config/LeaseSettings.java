package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;

/**
 * Leader election on a coordination.k8s.io Lease, as one service's table configures it ({@code actuator.*},
 * {@code poller.*}): the Lease's name and namespace, this instance's identity in it, and the election's timing.
 */
public record LeaseSettings(
        String name,
        String namespace,
        String identity,
        Duration duration,
        Duration renewDeadline,
        Duration retryPeriod) {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The keys of one table's Lease, e.g. {@code poller.lease_name}; the same defaults and rules in every table. */
    record Keys(
            ConfigKey<String> name,
            ConfigKey<String> namespace,
            ConfigKey<String> identity,
            ConfigKey<Duration> duration,
            ConfigKey<Duration> renewDeadline,
            ConfigKey<Duration> retryPeriod) {

        static Keys of(String table, String defaultName) {
            return new Keys(
                    ConfigKey.of(
                            table + ".lease_name",
                            ValueType.STRING,
                            defaultName,
                            "Name of the coordination.k8s.io Lease used for leader election"),
                    ConfigKey.of(
                            table + ".lease_namespace",
                            ValueType.STRING,
                            null,
                            "Namespace of the Lease; defaults to the top-level namespace"),
                    ConfigKey.of(
                            table + ".identity",
                            ValueType.STRING,
                            null,
                            "This instance's identity in the Lease; defaults to the host name (the pod name in"
                                    + " Kubernetes)"),
                    ConfigKey.duration(
                            table + ".lease_duration",
                            Duration.ofSeconds(15),
                            Duration.ofSeconds(1),
                            MINUTE,
                            "How long a Lease is valid without renewal"),
                    ConfigKey.duration(
                            table + ".renew_deadline",
                            Duration.ofSeconds(10),
                            Duration.ofMillis(500),
                            MINUTE,
                            "How long the leader keeps trying to renew"),
                    ConfigKey.duration(
                            table + ".retry_period",
                            Duration.ofSeconds(2),
                            Duration.ofMillis(100),
                            MINUTE,
                            "Interval between leader election attempts"));
        }

        List<ConfigKey<?>> all() {
            return List.of(name, namespace, identity, duration, renewDeadline, retryPeriod);
        }

        /**
         * Reads the Lease settings; duration > renew deadline > retry period must hold, so a leader that cannot
         * renew stops leading before anyone else may take the Lease.
         */
        LeaseSettings read(ConfigReader reader, String ownNamespace, String hostName) {
            Duration lease = reader.get(duration);
            Duration renew = reader.get(renewDeadline);
            Duration retry = reader.get(retryPeriod);
            if (renew.compareTo(lease) >= 0 || retry.compareTo(renew) >= 0) {
                reader.problem(duration.name() + " (" + lease + ") > " + renewDeadline.name() + " (" + renew + ") > "
                        + retryPeriod.name() + " (" + retry + ") must hold");
            }
            String leaseNamespace = reader.get(namespace);
            String id = reader.get(identity);
            return new LeaseSettings(
                    reader.get(name),
                    leaseNamespace == null ? ownNamespace : leaseNamespace,
                    id == null ? hostName : id,
                    lease,
                    renew,
                    retry);
        }
    }
}
