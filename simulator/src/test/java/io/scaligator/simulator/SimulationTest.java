package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

    @TempDir
    Path dir;

    private Path policy(String toml) throws IOException {
        Path file = dir.resolve("policy.toml");
        Files.writeString(file, toml);
        return file;
    }

    private static Simulation.Result simulate(Path policy, String scenario) {
        ScaligatorConfig config = ConfigLoader.load(policy, Map.of()).config();
        return Simulation.run(
                Trace.read(Path.of("scenarios", scenario + ".csv")),
                SimulationSettings.read(policy, Map.of()),
                List.of(new Simulation.Candidate("policy", config)),
                EnumSet.allOf(Baseline.class));
    }

    private static PolicyResult named(Simulation.Result result, String name) {
        return result.policies().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void sameInputGivesByteIdenticalJson() throws IOException {
        Path demo = Path.of("..", "config", "demo.toml");
        String first = Report.json(simulate(demo, "daily-sine"));
        String second = Report.json(simulate(demo, "daily-sine"));
        assertThat(second).isEqualTo(first);
        assertThat(first)
                .contains(
                        "\"policies\"",
                        "\"name\" : \"policy\"",
                        "\"name\" : \"hpa\"",
                        "\"name\" : \"original\"",
                        "\"name\" : \"oracle\"",
                        "\"replicaHours\"",
                        "\"oracleRatio\"",
                        "\"saturatedMinutes\"",
                        "\"saturatedPercent\"",
                        "\"unservedPercent\"",
                        "\"scaleCommands\"",
                        "\"maxReplicas\"");
    }

    @Test
    void learnLeavesTheStartOutOfTheScoreButNotOutOfTheRun() throws IOException {
        // step-up: 10 for an hour, then 40. Scored from 30 minutes, the figures are those of the run's rest: a
        // policy's saturation at the step is still counted, the first half hour's replicas are not.
        String toml = "watch_namespaces = [\"default\"]\n[[metric_rules]]\nname = \"cpu\"\nmode = \"proportional\""
                + "\ntarget = 0.7\n";
        PolicyResult whole = named(simulate(policy(toml), "step-up"), "hpa");
        PolicyResult scored = named(simulate(policy(toml + "[simulation]\nlearn = \"30m\"\n"), "step-up"), "hpa");
        assertThat(scored.saturatedMinutes())
                .isEqualTo(whole.saturatedMinutes())
                .isPositive();
        assertThat(scored.scaleCommands()).isEqualTo(whole.scaleCommands());
        // 15 replicas (ceil(10 / 0.7)) during the first half hour are left out
        assertThat(scored.replicaHours()).isEqualTo(Simulation.round(whole.replicaHours() - 15 * 0.5));
    }

    @Test
    void scaleCommandsAndTheHighestCountAreTalliedOnlyWhereScored() throws IOException {
        // spike: 10 for two hours, 40 for ten minutes, then 10 again. Scored from 3 h on, long after the way back
        // down, the spike's commands and its highest count are left out with the rest of its tally.
        String toml = "watch_namespaces = [\"default\"]\n[[metric_rules]]\nname = \"cpu\"\nmode = \"proportional\""
                + "\ntarget = 0.7\n";
        PolicyResult whole = named(simulate(policy(toml), "spike"), "hpa");
        PolicyResult scored = named(simulate(policy(toml + "[simulation]\nlearn = \"3h\"\n"), "spike"), "hpa");
        assertThat(whole.scaleCommands()).isPositive();
        assertThat(whole.maxReplicas()).isGreaterThan(40);
        assertThat(scored.scaleCommands()).isZero();
        assertThat(scored.maxReplicas()).isEqualTo(15);
    }

    @Test
    void aLearnPeriodThatCoversTheWholeTraceIsRefused() throws IOException {
        Path file = policy("watch_namespaces = [\"default\"]\n[simulation]\nlearn = \"4h\"\n");
        assertThatThrownBy(() -> simulate(file, "step-up"))
                .isInstanceOf(SimulationException.class)
                .hasMessage("learn (14400 s) covers the whole trace (14400 s): nothing is left to score; shorten it");
    }

    @Test
    void aTargetThePolicyNeverScalesIsRefused() throws IOException {
        Path file = policy("watch_namespaces = [\"default\"]\n[simulation]\ntarget = \"prod/Deployment/web\"\n");
        assertThatThrownBy(() -> simulate(file, "step-up"))
                .isInstanceOf(SimulationException.class)
                .hasMessage("policy policy would never scale prod/Deployment/web: namespace prod is not in"
                        + " watch_namespaces [default]; simulate a target it watches (--target)");
    }

    @Test
    void aDemandBeyondWhatTheModelHoldsIsRefusedNamingTheKeyInsteadOfExhaustingTheHeap() throws IOException {
        // flat: 20 for a day; a scale of 10^12 would need 2 x 10^13 pods, each of which the model keeps
        Path huge = policy("watch_namespaces = [\"default\"]\n[simulation]\nscale = 1e12\n");
        assertThatThrownBy(() -> simulate(huge, "flat"))
                .isInstanceOf(SimulationException.class)
                .hasMessage("simulation.scale = 1.000e+12: the trace's peak (20) would need 2.000e+13 pods at 100 %;"
                        + " at most 100000 are simulated");
        assertThatThrownBy(() -> simulate(
                        policy("watch_namespaces = [\"default\"]\n[simulation]\npeak_pods =" + " 100001\n"), "flat"))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("peak_pods")
                .hasMessageContaining("an integer from 1 to 100000");
        assertThat(named(
                                simulate(
                                        policy("watch_namespaces = [\"default\"]\n[simulation]\nscale = 5000\n"),
                                        "flat"),
                                "oracle")
                        .maxReplicas())
                .as("20 x 5,000 = 100,000 pods at 100 %, the most the model holds")
                .isEqualTo(142_858);
    }

    /** flat.csv with rows left out and values left empty: filled in, it is simulated as the whole file. */
    @Test
    void aTraceWithPointsLeftOutIsSimulatedAsTheWholeOneAndSaysSo() throws IOException {
        Path demo = Path.of("..", "config", "demo.toml");
        List<String> lines = Files.readAllLines(Path.of("scenarios", "flat.csv"));
        List<String> holed = new java.util.ArrayList<>(lines.subList(0, 100));
        lines.subList(100, 110).forEach(line -> holed.add(line.split(",")[0] + ","));
        holed.addAll(lines.subList(130, lines.size()));
        Path trace = dir.resolve("flat-holed.csv");
        Files.write(trace, holed);
        ScaligatorConfig config = ConfigLoader.load(demo, Map.of()).config();

        Simulation.Result whole = simulate(demo, "flat");
        Simulation.Result filled = Simulation.run(
                Trace.read(trace),
                SimulationSettings.read(demo, Map.of()),
                List.of(new Simulation.Candidate("policy", config)),
                EnumSet.allOf(Baseline.class));

        assertThat(filled.policies()).isEqualTo(whole.policies());
        assertThat(filled.missingPoints()).isEqualTo(30);
        assertThat(Report.table(filled))
                .contains(whole.points() + " points (30 missing from the file, filled in linearly)");
        assertThat(Report.json(filled)).contains("\"missingPoints\" : 30");
        assertThat(Report.table(whole)).doesNotContain("missing");
    }

    @Test
    void aTraceOfMoreThanTenYearsIsRefusedAtOnce() throws IOException {
        // two points two centuries apart: stepping every second would run for hours
        Path trace = dir.resolve("centuries.csv");
        Files.writeString(trace, "time,value\n1900-01-01T00:00:00Z,1\n2100-01-01T00:00:00Z,2\n");
        Path file = policy("watch_namespaces = [\"default\"]\n");
        assertThatThrownBy(() -> Simulation.run(
                        Trace.read(trace),
                        SimulationSettings.read(file, Map.of()),
                        List.of(new Simulation.Candidate(
                                "policy", ConfigLoader.load(file, Map.of()).config())),
                        EnumSet.noneOf(Baseline.class)))
                .isInstanceOf(SimulationException.class)
                .hasMessage("centuries.csv spans 73049 days; the simulator steps every second and simulates at most"
                        + " 3660 days: cut the trace");
    }

    @Test
    void thePolicyIsDrivenThroughTheDecisionCore() throws IOException {
        // a threshold rule with step 3: the core adds 3 replicas per decision, which no baseline does
        Path file = policy("""
                watch_namespaces = ["default"]
                reconcile_interval = 30
                [[metric_rules]]
                name = "cpu"
                scale_up_threshold = 0.8
                scale_down_threshold = 0.1
                step = 3
                """);
        Simulation.Result result = simulate(file, "step-up");
        PolicyResult policy = named(result, "policy");
        assertThat(policy.scaleCommands()).isPositive();
        // from 15 pods (ceil(10 / 0.7)) the step to 40 pods of demand needs 40 / 0.8 = 50: reached in steps of 3
        assertThat(policy.maxReplicas()).isGreaterThanOrEqualTo(50);
        assertThat((policy.maxReplicas() - 15) % 3).isZero();
    }

    @Test
    void aProportionalCpuRuleThroughTheCoreScalesAsTheHpaOnASpike() throws IOException {
        // config/proportional-cpu.toml: the HPA's formula, tolerance and behaviour at the HPA's 15 s sync period.
        // Both count pods ready for less than the metric window (2 min) as idle when scaling up, so at the end of
        // the spike (02:09:15), the pods commanded at 02:06:30 have been ready for only 105 s (since 02:07:30), so
        // neither adds 10 more pods.
        Path file = policy("""
                watch_namespaces = ["default"]
                reconcile_interval = 15
                [[metric_rules]]
                name = "cpu"
                kind = "utilization"
                mode = "proportional"
                target = 0.7
                """);
        Simulation.Result result = simulate(file, "spike");
        PolicyResult policy = named(result, "policy");
        PolicyResult hpa = named(result, "hpa");
        assertThat(hpa.maxReplicas()).isEqualTo(46);
        assertThat(policy.maxReplicas()).isEqualTo(hpa.maxReplicas());
        assertThat(policy.scaleCommands()).isEqualTo(hpa.scaleCommands());
        assertThat(policy.replicaHours()).isEqualTo(hpa.replicaHours());
        assertThat(policy.saturatedMinutes()).isEqualTo(hpa.saturatedMinutes());
    }

    @Test
    void alertRulesGetAlertsWhenUtilizationStaysHigh() throws IOException {
        // no metric rule can scale (thresholds out of reach); only the alert floor (+5) can add replicas
        Path file = policy("""
                watch_namespaces = ["default"]
                reconcile_interval = 15
                [[metric_rules]]
                name = "cpu"
                scale_up_threshold = 99
                scale_down_threshold = 0
                [[alert_rules]]
                name = "hot"
                match = { alertname = "HighCPUUsage" }
                floor_add = 5
                [simulation]
                alert_threshold = 0.95
                alert_for = "1m"
                """);
        PolicyResult policy = named(simulate(file, "step-up"), "policy");
        assertThat(policy.maxReplicas()).isEqualTo(20); // 15 at the start, the alert's floor 15 + 5
    }

    @Test
    void simulationTableIsReadAndCheckedNamingTheKey() throws IOException {
        Path file = policy("""
                [simulation]
                peak_pods = 12
                startup_delay = "90s"
                target = "shop/StatefulSet/db"
                """);
        SimulationSettings s = SimulationSettings.read(file, Map.of("metric_window", "1m"));
        assertThat(s.peakPods()).isEqualTo(12);
        assertThat(s.startupDelay()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.metricWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.target().key()).isEqualTo("shop/StatefulSet/db");
        assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> SimulationSettings.read(policy("[simulation]\npeak_pod = 3\n"), Map.of()))
                .hasMessageContaining("simulation.peak_pod: unknown key");
        assertThatThrownBy(() -> SimulationSettings.read(policy("[simulation]\ntarget_utilization = 1.5\n"), Map.of()))
                .hasMessageContaining("simulation.target_utilization");
        assertThatThrownBy(() -> SimulationSettings.read(Map.of(), Map.of("startup_delay", "soon")))
                .hasMessageContaining("simulation.startup_delay");
        assertThatThrownBy(() -> SimulationSettings.read(
                        policy("[simulation]\nstartup_delay = \"soon\"\npeak_pods = 0\nalert_threshold = 2\n"),
                        Map.of()))
                .as("every bad value at once, one that cannot be read and those out of range")
                .hasMessageContaining("simulation.startup_delay = soon")
                .hasMessageContaining("peak_pods")
                .hasMessageContaining("alert_threshold");
    }

    @Test
    void theConfigLoaderLeavesTheSimulationTableToTheSimulator() throws IOException {
        Path file = policy("""
                watch_namespaces = ["default"]
                [simulation]
                peak_pods = 12
                """);
        assertThat(ConfigLoader.load(file, Map.of()).warnings()).isEmpty();
    }
}
