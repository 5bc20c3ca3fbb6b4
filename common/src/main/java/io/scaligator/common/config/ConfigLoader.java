package io.scaligator.common.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.NamespaceScope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link ScaligatorConfig}: defaults, then the TOML file ({@code --config PATH} or {@code SCALIGATOR_CONFIG}),
 * then environment variables ({@code SCALIGATOR_<KEY>}, e.g. {@code SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS} for
 * {@code [kafka] bootstrap_servers}). Any problem stops the load with a {@link ConfigException} naming each key;
 * unknown keys are only warned about.
 */
public final class ConfigLoader {

    /** Environment variable naming the config file when no {@code --config} argument is given. */
    public static final String CONFIG_ENV = "SCALIGATOR_CONFIG";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String METRIC_RULES = "metric_rules";
    private static final String ALERT_RULES = "alert_rules";
    private static final String TIME_RULES = "time_rules";
    private static final String SCALABLE_KINDS = "scalable_kinds";
    private static final Set<String> TABLE_ARRAYS = Set.of(METRIC_RULES, ALERT_RULES, TIME_RULES, SCALABLE_KINDS);
    /** The simulator's workload model ({@code audit simulate}); it reads and validates the table itself. */
    private static final String SIMULATION_TABLE = "simulation";

    /** A loaded configuration with the warnings the load produced (already logged). */
    public record Loaded(ScaligatorConfig config, Path file, List<String> warnings) {}

    private ConfigLoader() {}

    /** Loads the config for a service's {@code main}: the path comes from the arguments or the environment. */
    public static Loaded load(String[] args, Map<String, String> env) {
        return load(configPath(args, env), env);
    }

    /** Loads from an explicit file (null: defaults and environment only). */
    public static Loaded load(Path file, Map<String, String> env) {
        return load(file, env, Map.of(), Map.of());
    }

    /**
     * Loads for a program that embeds services (the all-in-one runner): {@code defaults} (dotted key -> value) sit
     * just above the built-in defaults, {@code overrides} above everything, e.g. the embedded broker's address.
     */
    public static Loaded load(
            Path file, Map<String, String> env, Map<String, Object> defaults, Map<String, Object> overrides) {
        Map<String, Object> tree = file == null ? Map.of() : readToml(file);
        Map<String, Object> flat = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        flatten("", tree, flat, tables, problems);
        ConfigReader reader =
                new ConfigReader(flat, env, file == null ? "defaults" : file.toString(), defaults, overrides);
        List<String> warnings = new ArrayList<>();
        ScaligatorConfig config = build(reader, kafkaProperties(tree, reader), tables, warnings);
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        for (String key : flat.keySet()) {
            if (!reader.knownKeys().contains(key)) {
                warnings.add("unknown config key '" + key + "' is ignored");
            }
        }
        Set<String> knownEnv =
                ScaligatorConfig.allKeys().stream().map(ConfigKey::envName).collect(Collectors.toSet());
        env.keySet().stream()
                .filter(k -> k.startsWith("SCALIGATOR_") && !k.equals(CONFIG_ENV) && !knownEnv.contains(k))
                .sorted()
                .forEach(k -> warnings.add("unknown environment variable " + k + " is ignored"));
        warnings.forEach(w -> LOG.warn("{}", w));
        return new Loaded(config, file, List.copyOf(warnings));
    }

    /**
     * The config file named by {@code --config PATH} (or {@code --config=PATH}), else by {@code SCALIGATOR_CONFIG},
     * else null. A named file that does not exist is an error, never a silent fallback to defaults.
     */
    public static Path configPath(String[] args, Map<String, String> env) {
        String path = null;
        String origin = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file path");
                }
                path = args[i + 1];
                origin = "--config";
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
                origin = "--config";
            }
        }
        if (path == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
            path = env.get(CONFIG_ENV);
            origin = CONFIG_ENV;
        }
        if (path == null) {
            return null;
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    "config file '" + path + "' (from " + origin + ") does not exist or is not a file");
        }
        return file;
    }

    private static ScaligatorConfig build(
            ConfigReader r,
            Map<String, String> kafkaProperties,
            Map<String, List<Map<String, Object>>> tables,
            List<String> warnings) {
        double up = r.get(ScaligatorConfig.SCALE_UP_CPU_THRESHOLD);
        double down = r.get(ScaligatorConfig.SCALE_DOWN_CPU_THRESHOLD);
        if (down >= up) {
            r.problem("scale_down_cpu_threshold (" + down + ") must be below scale_up_cpu_threshold (" + up + ")");
        }
        var disable = r.get(ScaligatorConfig.DISABLE_DEV_AFTER);
        var enable = r.get(ScaligatorConfig.ENABLE_DEV_AFTER);
        if ((disable == null) != (enable == null)) {
            r.problem("disable_dev_after and enable_dev_after must be set together (found only "
                    + (disable != null ? "disable_dev_after" : "enable_dev_after") + ")");
        } else if (disable != null && disable.equals(enable)) {
            r.problem("disable_dev_after and enable_dev_after must differ, both are " + disable);
        }
        int min = r.get(ScaligatorConfig.MIN_REPLICAS);
        int max = r.get(ScaligatorConfig.MAX_REPLICAS);
        if (min > max) {
            r.problem("min_replicas (" + min + ") must not exceed max_replicas (" + max + ")");
        }
        java.time.Duration checkpoints = r.get(EngineSettings.CHECKPOINT_INTERVAL);
        java.time.Duration retention = r.get(KafkaSettings.RETENTION);
        if (checkpoints.compareTo(retention) >= 0) {
            r.problem("engine.checkpoint_interval (" + ConfigKey.human(checkpoints)
                    + ") must be below kafka.retention (" + ConfigKey.human(retention)
                    + "): audit verify starts from a checkpoint inside the retained log");
        }
        String namespace = r.get(ScaligatorConfig.NAMESPACE);
        List<String> watch = r.get(ScaligatorConfig.WATCH_NAMESPACES);
        if (watch.contains(namespace)) {
            r.problem("watch_namespaces contains Scaligator's own namespace '" + namespace
                    + "' (key namespace), which is never scaled; remove it");
        }
        List<String> exclude = r.get(ScaligatorConfig.EXCLUDE_NAMESPACES);
        NamespaceScope scope = new NamespaceScope(watch, namespace, exclude);
        if (!scope.allNamespaces() && scope.scalable().isEmpty()) {
            r.problem("watch_namespaces " + watch + ": every namespace is excluded (by exclude_namespaces " + exclude
                    + " or as Scaligator's own namespace); nothing could ever be scaled");
        }
        List<Kind> scalableKinds = new ArrayList<>();
        forEachTable(r, tables, SCALABLE_KINDS, ScalableKinds.KEYS, warnings, t -> {
            Kind kind = ScalableKinds.read(t);
            if (kind != null) {
                scalableKinds.add(kind);
            }
        });
        requireUniqueNames(
                r, SCALABLE_KINDS, scalableKinds.stream().map(Kind::name).toList());
        ScalableKinds.register(r, scalableKinds);
        int downtimeReplicas = r.get(ScaligatorConfig.DOWNTIME_REPLICAS);
        List<String> devNamespaces = r.get(ScaligatorConfig.DEV_NAMESPACES);
        var devZone = r.get(ScaligatorConfig.DEV_TIMEZONE);

        List<MetricRule> metricRules = new ArrayList<>();
        forEachTable(
                r,
                tables,
                METRIC_RULES,
                MetricRule.KEYS,
                warnings,
                t -> metricRules.add(MetricRule.read(t, up, down, warnings)));
        if (!tables.containsKey(METRIC_RULES)) {
            metricRules.add(MetricRule.defaultCpu(up, down));
        }
        requireUniqueNames(
                r, METRIC_RULES, metricRules.stream().map(MetricRule::name).toList());
        Duration reconcile = r.get(ScaligatorConfig.RECONCILE_INTERVAL);
        if (reconcile != null) {
            Duration horizon = MetricRule.FORECAST_STARTUP_ALLOWANCE.plus(reconcile);
            metricRules.replaceAll(rule -> rule.withDefaultHorizon(horizon));
        }
        List<AlertRule> alertRules = new ArrayList<>();
        forEachTable(r, tables, ALERT_RULES, AlertRule.KEYS, warnings, t -> alertRules.add(AlertRule.read(t)));
        List<TimeRule> timeRules = new ArrayList<>();
        forEachTable(r, tables, TIME_RULES, TimeRule.KEYS, warnings, t -> {
            TimeRule rule = TimeRule.read(t, downtimeReplicas);
            if (rule != null) {
                timeRules.add(rule);
            }
        });
        if (disable != null && enable != null && !disable.equals(enable)) {
            String downtime = "Mon-Sun " + disable + "-" + enable + " " + devZone.getId();
            if (TimeRule.validSchedule(downtime, "disable_dev_after / enable_dev_after", r::problem)) {
                timeRules.add(new TimeRule(TimeRule.DEV_HOURS, devNamespaces, null, downtime, downtimeReplicas));
            }
        }
        requireUniqueNames(r, TIME_RULES, timeRules.stream().map(TimeRule::name).toList());

        return new ScaligatorConfig(
                r.get(ScaligatorConfig.PROMETHEUS_URL),
                watch,
                exclude,
                scalableKinds,
                up,
                down,
                disable,
                enable,
                reconcile,
                namespace,
                devNamespaces,
                devZone,
                min,
                max,
                downtimeReplicas,
                KafkaSettings.read(r, kafkaProperties),
                ReceiverSettings.read(r),
                PollerSettings.read(r, namespace, hostName()),
                EngineSettings.read(r),
                ActuatorSettings.read(r, namespace, hostName()),
                metricRules,
                alertRules,
                timeRules);
    }

    private static void forEachTable(
            ConfigReader reader,
            Map<String, List<Map<String, Object>>> tables,
            String name,
            Set<String> knownKeys,
            List<String> warnings,
            java.util.function.Consumer<TableReader> read) {
        List<Map<String, Object>> entries = tables.getOrDefault(name, List.of());
        for (int i = 0; i < entries.size(); i++) {
            TableReader table = new TableReader(name + "[" + i + "]", entries.get(i), reader);
            table.unknownKeys(knownKeys).forEach(k -> warnings.add("unknown config key '" + k + "' is ignored"));
            read.accept(table);
        }
    }

    private static void requireUniqueNames(ConfigReader reader, String table, List<String> names) {
        Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (name != null && !seen.add(name)) {
                reader.problem(table + ": the name '" + name + "' is used twice; names must be unique");
            }
        }
    }

    private static Map<String, String> kafkaProperties(Map<String, Object> tree, ConfigReader reader) {
        reader.markKnown(KafkaSettings.PROPERTIES_TABLE);
        Object kafka = tree.get("kafka");
        if (!(kafka instanceof Map<?, ?> table) || table.get("properties") == null) {
            return Map.of();
        }
        if (!(table.get("properties") instanceof Map<?, ?> props)) {
            reader.problem("kafka.properties: expected a table of client properties");
            return Map.of();
        }
        Map<String, String> result = new TreeMap<>();
        props.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(
            String prefix,
            Map<String, Object> tree,
            Map<String, Object> flat,
            Map<String, List<Map<String, Object>>> tables,
            List<String> problems) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object value = e.getValue();
            if (prefix.isEmpty() && TABLE_ARRAYS.contains(key)) {
                if (value instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
                    tables.put(key, (List<Map<String, Object>>) list);
                } else {
                    problems.add(key + ": expected an array of tables ([[" + key + "]] entries)");
                }
            } else if (key.equals(KafkaSettings.PROPERTIES_TABLE) || key.equals(SIMULATION_TABLE)) {
                continue;
            } else if (value instanceof Map<?, ?> map) {
                flatten(key, (Map<String, Object>) map, flat, tables, problems);
            } else {
                flat.put(key, value);
            }
        }
    }

    private static Map<String, Object> readToml(Path file) {
        try {
            return new TomlMapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException("config file " + file + " is not valid TOML"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "scaligator";
        }
    }
}
