package io.scaligator.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.scaligator.common.config.ValueType;
import io.scaligator.common.target.TargetRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The workload model's parameters: the {@code [simulation]} table of the policy file, each overridable on the
 * command line. Every key and default is documented in docs/simulation.md; a bad value fails naming its key.
 *
 * @param scale demand = trace value x scale; null: scaled so that the trace's peak needs {@code peakPods}
 */
public record SimulationSettings(
        TargetRef target,
        int peakPods,
        Double scale,
        Duration startupDelay,
        Duration metricWindow,
        Duration scrapeInterval,
        double targetUtilization,
        double valuePerPod,
        double alertThreshold,
        Duration alertFor,
        Duration alertRepeatInterval,
        Duration learn) {

    /** The TOML table these settings are read from. */
    public static final String TABLE = "simulation";

    /**
     * The most pods a simulated workload may need at the trace's peak, at 100 % utilization. A cluster holds at
     * most 150,000 pods; the model keeps every pod, so a demand far beyond that would only exhaust the heap.
     */
    public static final int MAX_PODS = 100_000;

    private static final Map<String, Key<?>> KEYS = keys();

    public SimulationSettings {
        List<String> problems = new ArrayList<>();
        check(problems, peakPods >= 1 && peakPods <= MAX_PODS, "peak_pods", "an integer from 1 to " + MAX_PODS);
        check(problems, scale == null || (scale > 0 && Double.isFinite(scale)), "scale", "a number > 0");
        check(problems, wholeSeconds(startupDelay, 0), "startup_delay", "whole seconds >= 0");
        check(problems, wholeSeconds(scrapeInterval, 1), "scrape_interval", "whole seconds >= 1");
        check(
                problems,
                wholeSeconds(metricWindow, 1) && metricWindow.compareTo(scrapeInterval) >= 0,
                "metric_window",
                "whole seconds, at least scrape_interval");
        check(
                problems,
                targetUtilization > 0 && targetUtilization <= 1,
                "target_utilization",
                "a number above 0 and at most 1");
        check(problems, valuePerPod > 0 && Double.isFinite(valuePerPod), "value_per_pod", "a number > 0");
        check(problems, alertThreshold > 0 && alertThreshold <= 1, "alert_threshold", "a number above 0 and at most 1");
        check(problems, wholeSeconds(alertFor, 0), "alert_for", "whole seconds >= 0");
        check(problems, wholeSeconds(alertRepeatInterval, 1), "alert_repeat_interval", "whole seconds >= 1");
        check(problems, wholeSeconds(learn, 0), "learn", "whole seconds >= 0");
        if (!problems.isEmpty()) {
            throw new SimulationException(String.join("; ", problems));
        }
    }

    /** The {@code [simulation]} table of a policy file (defaults for what it leaves out), then {@code overrides}. */
    public static SimulationSettings read(Path policyFile, Map<String, Object> overrides) {
        Map<String, Object> tree;
        try {
            tree = new TomlMapper()
                    .readValue(policyFile.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JacksonException e) {
            throw new SimulationException("--config " + policyFile + " is not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SimulationException("--config " + policyFile + ": cannot read: " + e.getMessage());
        }
        Object table = tree.get(TABLE);
        if (table != null && !(table instanceof Map<?, ?>)) {
            throw new SimulationException(TABLE + ": expected a table ([" + TABLE + "])");
        }
        Map<String, Object> file = new TreeMap<>();
        if (table instanceof Map<?, ?> map) {
            map.forEach((k, v) -> file.put(String.valueOf(k), v));
        }
        return read(file, overrides);
    }

    /** Settings from a table (keys as in TOML) with overrides on top; unknown keys and bad values fail. */
    public static SimulationSettings read(Map<String, Object> table, Map<String, Object> overrides) {
        Map<String, Object> merged = new TreeMap<>(table);
        merged.putAll(overrides);
        List<String> problems = new ArrayList<>();
        for (String key : merged.keySet()) {
            if (!KEYS.containsKey(key)) {
                problems.add(TABLE + "." + key + ": unknown key (known: " + String.join(", ", KEYS.keySet()) + ")");
            }
        }
        Map<String, Object> values = new TreeMap<>();
        KEYS.forEach((key, spec) -> {
            Object raw = merged.get(key);
            if (raw == null) {
                values.put(key, spec.defaultValue());
                return;
            }
            try {
                values.put(key, spec.parser().apply(raw));
            } catch (IllegalArgumentException e) {
                problems.add(TABLE + "." + key + " = " + raw + ": " + e.getMessage());
                // its default stands in, so that the range checks below still report the other keys
                values.put(key, spec.defaultValue());
            }
        });
        SimulationSettings settings;
        try {
            settings = of(values);
        } catch (SimulationException e) {
            problems.add(e.getMessage());
            settings = null;
        }
        if (!problems.isEmpty()) {
            throw new SimulationException(String.join("; ", problems));
        }
        return settings;
    }

    private static SimulationSettings of(Map<String, Object> values) {
        return new SimulationSettings(
                (TargetRef) values.get("target"),
                (Integer) values.get("peak_pods"),
                (Double) values.get("scale"),
                (Duration) values.get("startup_delay"),
                (Duration) values.get("metric_window"),
                (Duration) values.get("scrape_interval"),
                (Double) values.get("target_utilization"),
                (Double) values.get("value_per_pod"),
                (Double) values.get("alert_threshold"),
                (Duration) values.get("alert_for"),
                (Duration) values.get("alert_repeat_interval"),
                (Duration) values.get("learn"));
    }

    /** The first second that is scored: the policies run from the trace's start, the tallies begin after learn. */
    public long scoredFrom(Trace trace) {
        return Math.min(trace.endSecond(), trace.startSecond() + learn.toSeconds());
    }

    /** Demand units per trace unit for {@code trace}: {@code scale}, or peak_pods over the trace's peak. */
    public double scaleFor(Trace trace) {
        if (scale != null) {
            return scale;
        }
        double peak = trace.peak();
        return peak == 0 ? 1 : peakPods / peak;
    }

    /** Fails naming {@code scale} when the trace's peak would need more than MAX_PODS pods at 100 %. */
    public void checkPeakFits(Trace trace) {
        double pods = trace.peak() * scaleFor(trace);
        if (pods > MAX_PODS) {
            throw new SimulationException(TABLE + ".scale = " + compact(scale) + ": the trace's peak ("
                    + compact(trace.peak()) + ") would need " + compact(Math.ceil(pods)) + " pods at 100 %; at most "
                    + MAX_PODS + " are simulated");
        }
    }

    private static String compact(double value) {
        return value < 1e9 ? Report.number(value) : String.format(Locale.ROOT, "%.3e", value);
    }

    private record Key<T>(T defaultValue, Function<Object, T> parser) {}

    private static Map<String, Key<?>> keys() {
        Map<String, Key<?>> keys = new TreeMap<>();
        keys.put("target", new Key<>(TargetRef.deployment("default", "web"), raw -> {
            try {
                return TargetRef.parse(ValueType.STRING.parse(raw));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected namespace/Kind/name, e.g. default/Deployment/web");
            }
        }));
        keys.put("peak_pods", new Key<>(40, ValueType.INT::parse));
        keys.put("scale", new Key<Double>(null, ValueType.DOUBLE::parse));
        keys.put("startup_delay", new Key<>(Duration.ofSeconds(60), ValueType.DURATION_TYPE::parse));
        keys.put("metric_window", new Key<>(Duration.ofMinutes(2), ValueType.DURATION_TYPE::parse));
        keys.put("scrape_interval", new Key<>(Duration.ofSeconds(15), ValueType.DURATION_TYPE::parse));
        keys.put("target_utilization", new Key<>(0.7, ValueType.DOUBLE::parse));
        keys.put("value_per_pod", new Key<>(100.0, ValueType.DOUBLE::parse));
        keys.put("alert_threshold", new Key<>(0.9, ValueType.DOUBLE::parse));
        keys.put("alert_for", new Key<>(Duration.ofMinutes(2), ValueType.DURATION_TYPE::parse));
        keys.put("alert_repeat_interval", new Key<>(Duration.ofHours(4), ValueType.DURATION_TYPE::parse));
        keys.put("learn", new Key<>(Duration.ZERO, ValueType.DURATION_TYPE::parse));
        return keys;
    }

    private static boolean wholeSeconds(Duration d, long min) {
        return d != null && d.toMillis() % 1000 == 0 && d.toSeconds() >= min;
    }

    private static void check(List<String> problems, boolean ok, String key, String allowed) {
        if (!ok) {
            problems.add(TABLE + "." + key + ": allowed: " + allowed);
        }
    }

    /** The parameters as shown in reports, in key order. */
    public Map<String, String> describe(Trace trace) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("target", target.key());
        out.put("peak_pods", String.valueOf(peakPods));
        out.put("scale", scale == null ? "auto (" + Report.number(scaleFor(trace)) + ")" : Report.number(scale));
        out.put("startup_delay", startupDelay.toSeconds() + "s");
        out.put("metric_window", metricWindow.toSeconds() + "s");
        out.put("scrape_interval", scrapeInterval.toSeconds() + "s");
        out.put("target_utilization", Report.number(targetUtilization));
        out.put("value_per_pod", Report.number(valuePerPod));
        out.put("alert_threshold", Report.number(alertThreshold));
        out.put("alert_for", alertFor.toSeconds() + "s");
        out.put("alert_repeat_interval", alertRepeatInterval.toSeconds() + "s");
        out.put("learn", learn.toSeconds() + "s");
        return out;
    }
}
