package io.scaligator.simulator;

import io.scaligator.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, run explicitly (not a test): the two-month shared trace with five policies (the demo config, the
 * proportional CPU rule, the documented rps rule, HPA, the original) plus the oracle, in one simulation. Prints the
 * wall time of each of {@code runs} repetitions (the first includes JIT warm-up) and the table.
 *
 * <pre>
 * mvn -B -o -q -pl audit -am package -DskipTests
 * mvn -B -o -q -pl simulator -am test-compile -Dmaven.test.skip.exec=true
 * java -cp audit/target/scaligator-audit.jar:simulator/target/test-classes \
 *     io.scaligator.simulator.SimulationBenchmark ../shared/traces/ord-departures-2001-01-02.csv 3
 * </pre>
 */
public final class SimulationBenchmark {

    private SimulationBenchmark() {}

    public static void main(String[] args) {
        Path trace = Path.of(args.length > 0 ? args[0] : "../shared/traces/ord-departures-2001-01-02.csv");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Simulation.Candidate> candidates = new ArrayList<>();
        for (String name : List.of("proportional-cpu", "rps", "demo")) {
            candidates.add(new Simulation.Candidate(
                    name,
                    ConfigLoader.load(Path.of("config", name + ".toml"), Map.of())
                            .config()));
        }
        Simulation.Result result = null;
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            Trace read = Trace.read(trace);
            result = Simulation.run(
                    read, SimulationSettings.read(Map.of(), Map.of()), candidates, EnumSet.allOf(Baseline.class));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(
                    "run %d: %d points, %d policies + oracle, %.2f s%n",
                    i, read.points(), result.policies().size() - 1, millis / 1000.0);
        }
        System.out.print(Report.table(result));
    }
}
