package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code [engine]} table: the decision engine's Kafka Streams identity and group membership, commit interval and
 * standby replicas, the HPA-style behaviour (stabilization windows, rate policies, tolerance) applied to every
 * recommendation, its explain API and its state checkpoints.
 */
public record EngineSettings(
        int opsPort,
        String applicationId,
        String stateDir,
        Duration stabilizationUp,
        Duration stabilizationDown,
        int scaleUpPercent,
        int scaleUpPods,
        Duration scaleUpPeriod,
        int scaleDownPercent,
        Duration scaleDownPeriod,
        double tolerance,
        int triggerTtlMaxSeconds,
        String opsBindAddress,
        Duration commitInterval,
        Duration alertFloorTtl,
        boolean triggersActivateFromZero,
        Duration readyWindow,
        Secret apiToken,
        String advertisedHost,
        int standbyReplicas,
        Duration checkpointInterval,
        String instanceId) {

    private static final Duration HOUR = Duration.ofHours(1);

    static final ConfigKey<Integer> OPS_PORT =
            ConfigKey.integer("engine.ops_port", 8083, 0, 65535, "Port of /healthz, /readyz, /metrics");
    static final ConfigKey<String> APPLICATION_ID = ConfigKey.of(
                    "engine.application_id",
                    ValueType.STRING,
                    "scaligator-decision-engine",
                    "Kafka Streams application.id (consumer group and state prefix)")
            .check(v -> v.matches("[a-zA-Z0-9._-]+"), "a-z, A-Z, 0-9, '.', '_' and '-'");
    static final ConfigKey<String> STATE_DIR = ConfigKey.of(
            "engine.state_dir", ValueType.STRING, "/tmp/scaligator-streams", "Kafka Streams local state directory");
    static final ConfigKey<Duration> STABILIZATION_UP = ConfigKey.duration(
            "engine.stabilization_up",
            Duration.ZERO,
            Duration.ZERO,
            HOUR,
            "Scale-up stabilization window: the lowest recommendation within it is used");
    static final ConfigKey<Duration> STABILIZATION_DOWN = ConfigKey.duration(
            "engine.stabilization_down",
            Duration.ofSeconds(300),
            Duration.ZERO,
            HOUR,
            "Scale-down stabilization window: the highest recommendation within it is used");
    static final ConfigKey<Integer> SCALE_UP_PERCENT = ConfigKey.integer(
            "engine.scale_up_percent",
            100,
            1,
            10_000,
            "Scale-up rate policy: at most this percentage added per scale_up_period");
    static final ConfigKey<Integer> SCALE_UP_PODS = ConfigKey.integer(
            "engine.scale_up_pods",
            4,
            1,
            10_000,
            "Scale-up rate policy: or at most this many pods per scale_up_period, whichever allows more");
    static final ConfigKey<Duration> SCALE_UP_PERIOD = ConfigKey.duration(
            "engine.scale_up_period",
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            HOUR,
            "Period of the scale-up rate policy");
    static final ConfigKey<Integer> SCALE_DOWN_PERCENT = ConfigKey.integer(
            "engine.scale_down_percent",
            100,
            1,
            100,
            "Scale-down rate policy: at most this percentage removed per scale_down_period");
    static final ConfigKey<Duration> SCALE_DOWN_PERIOD = ConfigKey.duration(
            "engine.scale_down_period",
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            HOUR,
            "Period of the scale-down rate policy");
    static final ConfigKey<Double> TOLERANCE = ConfigKey.of(
                    "engine.tolerance",
                    ValueType.DOUBLE,
                    0.1,
                    "Proportional mode: no change while current/target is within 1 +/- tolerance")
            .check(v -> v >= 0 && v < 1, "a number from 0 to below 1");
    static final ConfigKey<Integer> TRIGGER_TTL_MAX_SECONDS = ConfigKey.integer(
            "engine.trigger_ttl_max_seconds",
            86_400,
            1,
            7 * 86_400,
            "Longest TTL a trigger may ask for; longer ones are cut to this");

    static final ConfigKey<String> OPS_BIND_ADDRESS = ConfigKey.bindAddress(
            "engine.ops_bind_address", "Address the ops endpoints listen on (127.0.0.1: local only)");

    static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.duration(
            "engine.commit_interval",
            Duration.ofMillis(10),
            Duration.ZERO,
            Duration.ofMinutes(10),
            "Kafka Streams commit interval: decisions and commands become visible at each exactly-once commit;"
                    + " 10ms keeps alert -> replicas changed p99 under 50 ms, 100ms (Streams' default) gains"
                    + " throughput at high rates: docs/benchmarks.md");

    static final ConfigKey<Duration> ALERT_FLOOR_TTL = ConfigKey.duration(
            "engine.alert_floor_ttl",
            Duration.ofHours(5),
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            "An alert floor is released this long after the last firing notification of its alerts (keep it above"
                    + " Alertmanager's repeat_interval, 4h by default, plus group_interval)");
    static final ConfigKey<Boolean> TRIGGERS_ACTIVATE_FROM_ZERO = ConfigKey.of(
            "engine.triggers_activate_from_zero",
            ValueType.BOOLEAN,
            false,
            "Whether scale_to/scale_up triggers may scale up a workload a person scaled to 0");

    static final ConfigKey<Duration> READY_WINDOW = ConfigKey.duration(
            "engine.ready_window",
            Duration.ofMinutes(2),
            Duration.ZERO,
            HOUR,
            "Proportional mode: pods ready for less than this count as not ready (idle when"
                    + " scaling up), as the HPA does for CPU; set it to the metric's averaging window, e.g. the 2m of"
                    + " rate(...[2m])");

    static final ConfigKey<Secret> API_TOKEN = ConfigKey.of(
            "engine.api_token",
            ValueType.SECRET,
            null,
            "Bearer token of the read-only explain API (/v1/targets on the ops port); unset: the API answers 404");
    static final ConfigKey<String> ADVERTISED_HOST = ConfigKey.of(
                    "engine.advertised_host",
                    ValueType.STRING,
                    null,
                    "Host or IP other engine instances reach this one's ops port on, to forward explain requests"
                            + " (Kafka Streams application.server); unset: ops_bind_address, or the host name when"
                            + " that is 0.0.0.0")
            .check(v -> v.matches("[A-Za-z0-9.:_-]+"), "a host name or IP address");
    static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.integer(
            "engine.standby_replicas",
            0,
            0,
            8,
            "Copies of each partition's state kept warm on other engine instances (Kafka Streams"
                    + " num.standby.replicas), so a takeover does not rebuild it from the changelog; 1 when two or"
                    + " more engines run");

    static final ConfigKey<String> INSTANCE_ID = ConfigKey.of(
                    "engine.instance_id",
                    ValueType.STRING,
                    null,
                    "Kafka static membership (group.instance.id), unique among the running engines: restarted with the"
                            + " same id, an instance takes its partitions back at once instead of after its old"
                            + " session expires; unset: dynamic membership. The all-in-one sets one, deploy/ the pod"
                            + " name")
            .check(v -> v.matches("[a-zA-Z0-9._-]{1,200}"), "1-200 of a-z, A-Z, 0-9, '.', '_' and '-'");

    static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration(
            "engine.checkpoint_interval",
            HOUR,
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            "How often (in record time) the engine checkpoints each target's state to the compacted checkpoints"
                    + " topic, so audit verify can start inside a trimmed log; keep it well below kafka.retention");

    static List<ConfigKey<?>> keys() {
        return List.of(
                OPS_PORT,
                APPLICATION_ID,
                STATE_DIR,
                STABILIZATION_UP,
                STABILIZATION_DOWN,
                SCALE_UP_PERCENT,
                SCALE_UP_PODS,
                SCALE_UP_PERIOD,
                SCALE_DOWN_PERCENT,
                SCALE_DOWN_PERIOD,
                TOLERANCE,
                TRIGGER_TTL_MAX_SECONDS,
                OPS_BIND_ADDRESS,
                COMMIT_INTERVAL,
                ALERT_FLOOR_TTL,
                TRIGGERS_ACTIVATE_FROM_ZERO,
                READY_WINDOW,
                API_TOKEN,
                ADVERTISED_HOST,
                STANDBY_REPLICAS,
                CHECKPOINT_INTERVAL,
                INSTANCE_ID);
    }

    static EngineSettings read(ConfigReader reader) {
        return new EngineSettings(
                reader.get(OPS_PORT),
                reader.get(APPLICATION_ID),
                reader.get(STATE_DIR),
                reader.get(STABILIZATION_UP),
                reader.get(STABILIZATION_DOWN),
                reader.get(SCALE_UP_PERCENT),
                reader.get(SCALE_UP_PODS),
                reader.get(SCALE_UP_PERIOD),
                reader.get(SCALE_DOWN_PERCENT),
                reader.get(SCALE_DOWN_PERIOD),
                reader.get(TOLERANCE),
                reader.get(TRIGGER_TTL_MAX_SECONDS),
                reader.get(OPS_BIND_ADDRESS),
                reader.get(COMMIT_INTERVAL),
                reader.get(ALERT_FLOOR_TTL),
                reader.get(TRIGGERS_ACTIVATE_FROM_ZERO),
                reader.get(READY_WINDOW),
                reader.get(API_TOKEN),
                reader.get(ADVERTISED_HOST),
                reader.get(STANDBY_REPLICAS),
                reader.get(CHECKPOINT_INTERVAL),
                reader.get(INSTANCE_ID));
    }
}
