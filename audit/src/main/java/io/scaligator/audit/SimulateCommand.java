package io.scaligator.audit;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.simulator.Baseline;
import io.scaligator.simulator.Report;
import io.scaligator.simulator.Simulation;
import io.scaligator.simulator.SimulationException;
import io.scaligator.simulator.SimulationSettings;
import io.scaligator.simulator.Trace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit simulate}: a policy through the real decision core on a demand trace, beside HPA, the original and an
 * oracle.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Drive the decision core with a policy file through a workload model fed by a demand trace;"
                + " report cost and shortfall beside Kubernetes' HPA, the original Scaligator and an oracle"
                + " (docs/simulation.md). Needs no Kafka.")
final class SimulateCommand implements Callable<Integer> {

    enum Output {
        table,
        json,
        html
    }

    private final AuditContext ctx;

    @Option(
            names = "--trace",
            required = true,
            paramLabel = "FILE",
            description = "demand trace: CSV, header + (UTC time, value) at a fixed step")
    Path trace;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "policy (TOML, as the engine reads it; its [simulation] table sets the model)")
    Path config;

    @Option(
            names = "--baseline",
            defaultValue = "hpa,original",
            paramLabel = "LIST",
            description =
                    "baselines beside the policy: hpa, original, or none (default: ${DEFAULT-VALUE}); the oracle always runs")
    String baseline;

    @Option(names = "--output", defaultValue = "table", description = "table, json or html")
    Output output;

    @Option(names = "--target", paramLabel = "ns/Kind/name", description = "simulated workload (simulation.target)")
    String target;

    @Option(names = "--peak-pods", description = "pods the trace's peak needs at 100 %% (simulation.peak_pods)")
    Integer peakPods;

    @Option(names = "--scale", description = "demand per trace unit, instead of peak_pods (simulation.scale)")
    Double scale;

    @Option(names = "--startup-delay", paramLabel = "DURATION", description = "simulation.startup_delay")
    String startupDelay;

    @Option(names = "--metric-window", paramLabel = "DURATION", description = "simulation.metric_window")
    String metricWindow;

    @Option(names = "--scrape-interval", paramLabel = "DURATION", description = "simulation.scrape_interval")
    String scrapeInterval;

    @Option(names = "--target-utilization", description = "oracle's and HPA's target (simulation.target_utilization)")
    Double targetUtilization;

    @Option(names = "--value-per-pod", description = "value a pod serves at 100 %% (simulation.value_per_pod)")
    Double valuePerPod;

    @Option(
            names = "--learn",
            paramLabel = "DURATION",
            description = "simulated but not scored from the trace's start (simulation.learn)")
    String learn;

    @Option(names = "--alert-threshold", description = "simulation.alert_threshold")
    Double alertThreshold;

    @Option(names = "--alert-for", paramLabel = "DURATION", description = "simulation.alert_for")
    String alertFor;

    @Option(
            names = "--alert-repeat-interval",
            paramLabel = "DURATION",
            description = "simulation.alert_repeat_interval")
    String alertRepeatInterval;

    SimulateCommand(AuditContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        PolicyFile.requireFile("--trace", trace);
        Simulation.Result result;
        try {
            ScaligatorConfig policy = policy();
            SimulationSettings settings = SimulationSettings.read(config, overrides());
            result = Simulation.run(
                    Trace.read(trace),
                    settings,
                    List.of(new Simulation.Candidate(name(), policy)),
                    Baseline.parseList(baseline));
        } catch (SimulationException e) {
            throw new AuditException(e.getMessage());
        } catch (ConfigException e) {
            throw new AuditException("--config " + config + ": " + e.getMessage());
        }
        ctx.out()
                .print(
                        switch (output) {
                            case table -> Report.table(result);
                            case json -> Report.json(result);
                            case html -> Report.html(result);
                        });
        return 0;
    }

    private ScaligatorConfig policy() {
        return PolicyFile.read("--config", config);
    }

    private String name() {
        String file = config.getFileName().toString();
        return file.endsWith(".toml") ? file.substring(0, file.length() - ".toml".length()) : file;
    }

    private Map<String, Object> overrides() {
        Map<String, Object> o = new TreeMap<>();
        put(o, "target", target);
        put(o, "peak_pods", peakPods);
        put(o, "scale", scale);
        put(o, "startup_delay", startupDelay);
        put(o, "metric_window", metricWindow);
        put(o, "scrape_interval", scrapeInterval);
        put(o, "target_utilization", targetUtilization);
        put(o, "value_per_pod", valuePerPod);
        put(o, "alert_threshold", alertThreshold);
        put(o, "alert_for", alertFor);
        put(o, "alert_repeat_interval", alertRepeatInterval);
        put(o, "learn", learn);
        return o;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
