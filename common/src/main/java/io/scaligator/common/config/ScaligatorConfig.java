package io.scaligator.common.config;

import io.scaligator.common.target.Kind;
import io.scaligator.common.target.NamespaceScope;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The whole, validated configuration. Top-level keys include the original Scaligator keys unchanged
 * ({@code prometheus_url, watch_namespaces, scale_up_cpu_threshold, scale_down_cpu_threshold, disable_dev_after,
 * enable_dev_after, reconcile_interval}); each service has its own table. Build it with {@link ConfigLoader}.
 */
public record ScaligatorConfig(
        String prometheusUrl,
        List<String> watchNamespaces,
        List<String> excludeNamespaces,
        List<Kind> scalableKinds,
        double scaleUpCpuThreshold,
        double scaleDownCpuThreshold,
        LocalTime disableDevAfter,
        LocalTime enableDevAfter,
        Duration reconcileInterval,
        String namespace,
        List<String> devNamespaces,
        ZoneId devTimezone,
        int minReplicas,
        int maxReplicas,
        int downtimeReplicas,
        KafkaSettings kafka,
        ReceiverSettings receiver,
        PollerSettings poller,
        EngineSettings engine,
        ActuatorSettings actuator,
        List<MetricRule> metricRules,
        List<AlertRule> alertRules,
        List<TimeRule> timeRules) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern GLOB = Pattern.compile("[-a-z0-9*?]{1,63}");
    private static final String NAMESPACES = "DNS-1123 labels (lower-case alphanumerics and '-')";

    static final ConfigKey<String> PROMETHEUS_URL = ConfigKey.of(
            "prometheus_url", ValueType.HTTP_URL, "http://localhost:9090", "Base URL of the Prometheus HTTP API");
    static final ConfigKey<List<String>> WATCH_NAMESPACES = ConfigKey.of(
                    "watch_namespaces",
                    ValueType.STRING_LIST,
                    List.of("default"),
                    "Namespaces whose workloads may be scaled: nothing outside them ever is; \"*\" for every namespace"
                            + " but kube-* (name those to include them)")
            .check(v -> !v.isEmpty(), "at least one namespace")
            .check(
                    v -> v.stream()
                            .allMatch(n -> n.equals(NamespaceScope.ALL)
                                    || DNS_LABEL.matcher(n).matches()),
                    NAMESPACES + " or \"*\"");
    static final ConfigKey<List<String>> EXCLUDE_NAMESPACES = ConfigKey.of(
                    "exclude_namespaces",
                    ValueType.STRING_LIST,
                    List.of(),
                    "Namespace globs (* any characters, ? one) never scaled, even when watched")
            .check(v -> v.stream().allMatch(p -> GLOB.matcher(p).matches()), "globs of a-z, 0-9, '-', '*' and '?'");
    static final ConfigKey<Double> SCALE_UP_CPU_THRESHOLD = ConfigKey.of(
                    "scale_up_cpu_threshold",
                    ValueType.DOUBLE,
                    0.7,
                    "CPU utilization (usage/request) above which the cpu rule scales up")
            .check(v -> v > 0 && v <= 100, "a number above 0 and at most 100");
    static final ConfigKey<Double> SCALE_DOWN_CPU_THRESHOLD = ConfigKey.of(
                    "scale_down_cpu_threshold",
                    ValueType.DOUBLE,
                    0.2,
                    "CPU utilization below which the cpu rule scales down")
            .check(v -> v >= 0 && v < 100, "a number from 0 to below 100");
    static final ConfigKey<LocalTime> DISABLE_DEV_AFTER = ConfigKey.of(
            "disable_dev_after",
            ValueType.TIME_OF_DAY,
            null,
            "Time of day (HH:mm, dev_timezone) after which dev_namespaces are scaled to downtime_replicas");
    static final ConfigKey<LocalTime> ENABLE_DEV_AFTER = ConfigKey.of(
            "enable_dev_after",
            ValueType.TIME_OF_DAY,
            null,
            "Time of day (HH:mm, dev_timezone) after which dev_namespaces get their replicas back");
    static final ConfigKey<Duration> RECONCILE_INTERVAL = ConfigKey.duration(
            "reconcile_interval",
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            "How often every target is observed (and so evaluated)");
    static final ConfigKey<String> NAMESPACE = ConfigKey.of(
                    "namespace",
                    ValueType.STRING,
                    "scaligator",
                    "Scaligator's own namespace: never scaled; home of the actuator's and the poller's Leases")
            .check(v -> DNS_LABEL.matcher(v).matches(), NAMESPACES);
    static final ConfigKey<List<String>> DEV_NAMESPACES = ConfigKey.of(
                    "dev_namespaces",
                    ValueType.STRING_LIST,
                    List.of("dev"),
                    "Namespaces that disable_dev_after / enable_dev_after apply to")
            .check(v -> v.stream().allMatch(n -> DNS_LABEL.matcher(n).matches()), NAMESPACES);
    static final ConfigKey<ZoneId> DEV_TIMEZONE = ConfigKey.of(
            "dev_timezone", ValueType.ZONE, ZoneId.of("UTC"), "Time zone of disable_dev_after / enable_dev_after");
    static final ConfigKey<Integer> MIN_REPLICAS = ConfigKey.integer(
            "min_replicas",
            1,
            0,
            100_000,
            "Lowest replica count metric and alert rules may set (downtime may go below); annotation overrides");
    static final ConfigKey<Integer> MAX_REPLICAS = ConfigKey.integer(
            "max_replicas",
            100,
            1,
            100_000,
            "Highest replica count Scaligator ever sets; annotation may only lower it");
    static final ConfigKey<Integer> DOWNTIME_REPLICAS = ConfigKey.integer(
            "downtime_replicas",
            0,
            0,
            100_000,
            "Replicas during a downtime window unless the rule or an annotation says otherwise");

    static List<ConfigKey<?>> topLevelKeys() {
        return List.of(
                PROMETHEUS_URL,
                WATCH_NAMESPACES,
                EXCLUDE_NAMESPACES,
                SCALE_UP_CPU_THRESHOLD,
                SCALE_DOWN_CPU_THRESHOLD,
                DISABLE_DEV_AFTER,
                ENABLE_DEV_AFTER,
                RECONCILE_INTERVAL,
                NAMESPACE,
                DEV_NAMESPACES,
                DEV_TIMEZONE,
                MIN_REPLICAS,
                MAX_REPLICAS,
                DOWNTIME_REPLICAS);
    }

    /** Every scalar key, in the order of the config reference. */
    public static List<ConfigKey<?>> allKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>(topLevelKeys());
        keys.addAll(KafkaSettings.keys());
        keys.addAll(ReceiverSettings.keys());
        keys.addAll(PollerSettings.keys());
        keys.addAll(EngineSettings.keys());
        keys.addAll(ActuatorSettings.keys());
        return keys;
    }

    public ScaligatorConfig {
        watchNamespaces = List.copyOf(watchNamespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        scalableKinds = List.copyOf(scalableKinds);
        devNamespaces = List.copyOf(devNamespaces);
        metricRules = List.copyOf(metricRules);
        alertRules = List.copyOf(alertRules);
        timeRules = List.copyOf(timeRules);
    }

    /** Where Scaligator may scale: watch_namespaces without its own namespace and the excluded ones. */
    public NamespaceScope namespaceScope() {
        return new NamespaceScope(watchNamespaces, namespace, excludeNamespaces);
    }
}
