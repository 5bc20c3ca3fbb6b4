package io.scaligator.common.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code [[metric_rules]]} entry: a PromQL query run once per interval for all targets, and how its value
 * turns into a replica recommendation.
 *
 * <p>Result contract: the query returns an instant vector; each series carries a {@code namespace} label and either
 * {@code workload} (with an optional {@code workload_kind}, Deployment when absent) or {@code pod}; pod series are
 * attributed to their workload through the pods' ownerReferences (never by cutting pod names). All series of one
 * target are averaged (utilization) or summed (value); a NaN or infinite series makes the target's value missing,
 * and series naming no target are ignored. See docs/metrics-poller.md.
 */
public record MetricRule(
        String name,
        String query,
        MetricKind kind,
        Mode mode,
        Double target,
        Double scaleUpThreshold,
        Double scaleDownThreshold,
        int step,
        TargetType targetType,

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Forecast.Off.class)
        Forecast forecast) {

    /** Whether the value is a ratio of usage to request or an absolute quantity. */
    public enum MetricKind {
        UTILIZATION,
        VALUE
    }

    /** Threshold mode (the original Scaligator keys) or proportional mode (as HPA computes it). */
    public enum Mode {
        THRESHOLD,
        PROPORTIONAL
    }

    /**
     * What {@code target} means in proportional mode, as HPA v2 defines it: {@code utilization} and {@code value}
     * are a per-replica value (desired = ceil(current x value / target)); {@code average_value} is what one replica
     * should carry of the workload's summed value (desired = ceil(value / target)).
     */
    public enum TargetType {
        UTILIZATION,
        VALUE,
        AVERAGE_VALUE
    }

    static final String TARGET_TYPE_CHANGED = "%s is not set: with kind = \"value\" it now defaults to "
            + "\"average_value\" (desired = ceil(value / target), as HPA v2's AverageValue); set target_type = \"value\""
            + " to keep the earlier ceil(current x value / target)";

    /** Whether the rule's demand forecast is off, only recorded in decisions, or also acts. */
    public enum ForecastMode {
        OFF("off"),
        FORECAST_ONLY("forecast-only"),
        FORECAST_AND_SCALE("forecast-and-scale");

        private final String key;

        ForecastMode(String key) {
            this.key = key;
        }

        /** The value as written in the config and the annotation. */
        public String key() {
            return key;
        }

        /** The mode written as {@code text}; empty if it is none of them. */
        public static java.util.Optional<ForecastMode> parse(String text) {
            for (ForecastMode m : values()) {
                if (m.key.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return java.util.Optional.of(m);
                }
            }
            return java.util.Optional.empty();
        }

        static String allowed() {
            return "\"off\", \"forecast-only\", \"forecast-and-scale\"";
        }
    }

    /**
     * A proportional rule's demand forecast: its mode, how far ahead it looks (null until the loader sets the
     * default, startup allowance + reconcile_interval), the margin added to the forecast demand, and the target
     * the forecast peak is sized at (null: the rule's target).
     */
    public record Forecast(ForecastMode mode, Duration horizon, double margin, Double target) {
        /** No forecast. */
        public static final Forecast OFF = new Forecast(ForecastMode.OFF, null, DEFAULT_FORECAST_MARGIN, null);

        public Forecast {
            mode = mode == null ? ForecastMode.OFF : mode;
        }

        Forecast withHorizon(Duration h) {
            return new Forecast(mode, h, margin, target);
        }

        /**
         * Leaves a rule's forecast out of the policy's canonical JSON while it is off, so that a policy without one
         * keeps the version (hash) it had before forecasts existed, and policies published then still verify.
         */
        static final class Off {
            @Override
            public boolean equals(Object value) {
                return value instanceof Forecast f && f.mode() == ForecastMode.OFF;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        }
    }

    /** A new pod's startup allowance, which the default horizon adds to reconcile_interval. */
    public static final Duration FORECAST_STARTUP_ALLOWANCE = Duration.ofSeconds(60);
    /** Default forecast margin: 10 % above the forecast demand. */
    public static final double DEFAULT_FORECAST_MARGIN = 0.1;
    /** The longest horizon accepted: the profile's slots and the forecast error are about the next hours. */
    static final Duration MAX_FORECAST_HORIZON = Duration.ofHours(6);

    public MetricRule {
        targetType = targetType == null ? defaultTargetType(kind) : targetType;
        forecast = forecast == null ? Forecast.OFF : forecast;
    }

    /** A rule without a forecast. */
    public MetricRule(
            String name,
            String query,
            MetricKind kind,
            Mode mode,
            Double target,
            Double scaleUpThreshold,
            Double scaleDownThreshold,
            int step,
            TargetType targetType) {
        this(name, query, kind, mode, target, scaleUpThreshold, scaleDownThreshold, step, targetType, null);
    }

    /** A rule whose target type is the default for its kind, without a forecast. */
    public MetricRule(
            String name,
            String query,
            MetricKind kind,
            Mode mode,
            Double target,
            Double scaleUpThreshold,
            Double scaleDownThreshold,
            int step) {
        this(name, query, kind, mode, target, scaleUpThreshold, scaleDownThreshold, step, null, null);
    }

    /** This rule with the forecast horizon set to {@code horizon} if the config left it out. */
    MetricRule withDefaultHorizon(Duration horizon) {
        if (forecast.mode() == ForecastMode.OFF || forecast.horizon() != null) {
            return this;
        }
        return new MetricRule(
                name,
                query,
                kind,
                mode,
                target,
                scaleUpThreshold,
                scaleDownThreshold,
                step,
                targetType,
                forecast.withHorizon(horizon));
    }

    /** A summed value is a workload's total, so its target is per replica; a utilization is already per replica. */
    static TargetType defaultTargetType(MetricKind kind) {
        return kind == MetricKind.VALUE ? TargetType.AVERAGE_VALUE : TargetType.UTILIZATION;
    }

    /** Built-in rules that need no query: per-pod usage over requests, attributed to workloads by the poller. */
    public static final Map<String, String> BUILTIN_QUERIES = Map.of(
            "cpu",
                    "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=\"\",container!=\"POD\"}[2m]))"
                            + " / sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"cpu\"})",
            "memory",
                    "sum by (namespace, pod) (container_memory_working_set_bytes{container!=\"\",container!=\"POD\"})"
                            + " / sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"memory\"})");

    static final Set<String> KEYS = Set.of(
            "name",
            "query",
            "kind",
            "mode",
            "target",
            "target_type",
            "scale_up_threshold",
            "scale_down_threshold",
            "step",
            "forecast",
            "forecast_horizon",
            "forecast_margin",
            "forecast_target");

    /** The default rule when none is configured: the built-in CPU rule with the original threshold keys. */
    static MetricRule defaultCpu(double up, double down) {
        return new MetricRule(
                "cpu", BUILTIN_QUERIES.get("cpu"), MetricKind.UTILIZATION, Mode.THRESHOLD, null, up, down, 1);
    }

    static MetricRule read(TableReader table, double defaultUp, double defaultDown, List<String> warnings) {
        String name = table.required("name", ValueType.STRING);
        if (name != null && !name.matches("[a-z0-9][a-z0-9_-]*")) {
            table.problem(table.path("name") + " = \"" + name + "\": allowed: lower-case letters, digits, '_' and '-'");
        }
        String query = table.get("query", ValueType.STRING, name == null ? null : BUILTIN_QUERIES.get(name));
        if (query == null && name != null) {
            table.problem(table.path("query") + " is required (built-in rules without a query: "
                    + String.join(
                            ", ", BUILTIN_QUERIES.keySet().stream().sorted().toList()) + ")");
        }
        MetricKind kind = enumValue(table, "kind", MetricKind.class, MetricKind.UTILIZATION);
        Mode mode = enumValue(table, "mode", Mode.class, Mode.THRESHOLD);
        Double target = table.get("target", ValueType.DOUBLE, null);
        TargetType targetType = enumValue(table, "target_type", TargetType.class, defaultTargetType(kind));
        if (mode == Mode.PROPORTIONAL && kind == MetricKind.VALUE && !table.has("target_type")) {
            warnings.add(String.format(TARGET_TYPE_CHANGED, table.path("target_type")));
        }
        if (kind == MetricKind.UTILIZATION && targetType == TargetType.AVERAGE_VALUE) {
            table.problem(table.path("target_type") + " = \"average_value\" needs kind = \"value\": a utilization "
                    + "is averaged over the pods already");
        }
        boolean cpu = "cpu".equals(name);
        Double up = table.get("scale_up_threshold", ValueType.DOUBLE, cpu ? defaultUp : null);
        Double down = table.get("scale_down_threshold", ValueType.DOUBLE, cpu ? defaultDown : null);
        int step = table.get("step", ValueType.INT, 1);
        if (step < 1) {
            table.problem(table.path("step") + " = " + step + ": allowed: an integer >= 1");
        }
        if (mode == Mode.PROPORTIONAL && (target == null || target <= 0)) {
            table.problem(table.path("target") + " must be a number > 0 in proportional mode");
        }
        if (mode == Mode.THRESHOLD) {
            if (up == null || down == null) {
                table.problem(table.path("scale_up_threshold") + " and " + table.path("scale_down_threshold")
                        + " are required in threshold mode");
            } else if (down >= up) {
                table.problem(table.path("scale_down_threshold") + " (" + down + ") must be below "
                        + table.path("scale_up_threshold") + " (" + up + ")");
            }
        }
        Forecast forecast = readForecast(table, mode);
        return new MetricRule(name, query, kind, mode, target, up, down, Math.max(step, 1), targetType, forecast);
    }

    private static Forecast readForecast(TableReader table, Mode mode) {
        String text = table.get("forecast", ValueType.STRING, ForecastMode.OFF.key());
        ForecastMode forecastMode = ForecastMode.parse(text).orElse(null);
        if (forecastMode == null) {
            table.problem(table.path("forecast") + " = \"" + text + "\": allowed: " + ForecastMode.allowed());
            forecastMode = ForecastMode.OFF;
        }
        Duration horizon = table.get("forecast_horizon", ValueType.DURATION_TYPE, null);
        double margin = table.get("forecast_margin", ValueType.DOUBLE, DEFAULT_FORECAST_MARGIN);
        if (forecastMode != ForecastMode.OFF && mode != Mode.PROPORTIONAL) {
            table.problem(table.path("forecast") + " = \"" + forecastMode.key() + "\" needs mode = \"proportional\":"
                    + " the forecast sizes replicas from demand over the rule's target");
        }
        if (horizon != null
                && (horizon.isNegative() || horizon.isZero() || horizon.compareTo(MAX_FORECAST_HORIZON) > 0)) {
            table.problem(table.path("forecast_horizon") + " = " + horizon.toSeconds() + "s: allowed: above 0 and at "
                    + "most " + MAX_FORECAST_HORIZON.toHours() + "h");
        }
        if (!(margin >= 0 && margin <= 10)) {
            table.problem(table.path("forecast_margin") + " = " + margin + ": allowed: a number from 0 to 10");
        }
        Double forecastTarget = table.get("forecast_target", ValueType.DOUBLE, null);
        if (forecastTarget != null && !(forecastTarget > 0)) {
            table.problem(table.path("forecast_target") + " = " + forecastTarget + ": allowed: a number > 0");
        }
        return new Forecast(forecastMode, horizon, margin, forecastTarget);
    }

    static <E extends Enum<E>> E enumValue(TableReader table, String key, Class<E> type, E defaultValue) {
        String text = table.get(key, ValueType.STRING, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ")
                        .append(constant.name().toLowerCase(Locale.ROOT));
            }
            table.problem(table.path(key) + " = \"" + text + "\": allowed: " + allowed);
            return defaultValue;
        }
    }
}
