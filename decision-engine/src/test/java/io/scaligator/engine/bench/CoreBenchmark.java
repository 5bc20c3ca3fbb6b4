package io.scaligator.engine.bench;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CPU cost per signal of the engine's own work, without Kafka: reading the input JSON, reading the target's stored
 * state, evaluating, writing state, decision and command JSON. Shows how much of a stream thread's time is the
 * engine's and how much is Kafka Streams'. Not a test; run with
 * {@code mvn -q -pl decision-engine -am test-compile exec:java -Dexec.skip=true -Dexec.classpathScope=test
 * -Dexec.mainClass=io.scaligator.engine.bench.CoreBenchmark}; with the argument {@code forecast}
 * ({@code -Dexec.args=forecast}) the policy is a proportional CPU rule with forecast-and-scale instead of the default
 * threshold rule, so every signal also learns into and forecasts from a demand profile kept in the stored state.
 */
public final class CoreBenchmark {

    private CoreBenchmark() {}

    public static void main(String[] args) {
        boolean forecast = args.length > 0 && args[0].equals("forecast");
        Policy policy = Fixtures.policy("watch_namespaces = [\"default\"]\n"
                + (forecast
                        ? "[[metric_rules]]\n"
                                + "name = \"cpu\"\nmode = \"proportional\"\ntarget = 0.7\nforecast = \"forecast-and-scale\"\n"
                        : ""));
        int n = 200_000;
        Random random = new Random(7);
        byte[][] inputs = new byte[n][];
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        for (int i = 0; i < n; i++) {
            inputs[i] = EventJson.write(new Observation(
                    "obs-" + i,
                    TargetRef.deployment("default", "web-" + (i % 2000)),
                    t0.plusMillis(i * 10L),
                    2 + random.nextInt(5),
                    2,
                    List.of(MetricSample.present("cpu", random.nextDouble())),
                    null,
                    Map.of()));
        }
        for (int round = 1; round <= 3; round++) {
            long read = 0;
            long state = 0;
            long evaluate = 0;
            long write = 0;
            Map<String, byte[]> store = new HashMap<>();
            DecisionCore core = new DecisionCore();
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                Observation o = EventJson.read(inputs[i], Observation.class);
                long b = System.nanoTime();
                byte[] stored = store.get(o.key());
                TargetState before = stored == null ? null : TargetStateCodec.decode(stored);
                long c = System.nanoTime();
                Evaluation e = core.evaluate(before, Signal.of(o, "observations", 0, i), policy);
                long d = System.nanoTime();
                store.put(o.key(), TargetStateCodec.encode(e.state()));
                EventJson.write(e.decision());
                if (e.command() != null) {
                    EventJson.write(e.command());
                }
                long f = System.nanoTime();
                read += b - a;
                state += c - b;
                evaluate += d - c;
                write += f - d;
            }
            System.out.printf(
                    "round %d, per signal: input JSON %.1f us, state read %.1f us, evaluate %.1f us, "
                            + "state + decision + command %.1f us = %,.0f signals/s on one core%n",
                    round,
                    micros(read, n),
                    micros(state, n),
                    micros(evaluate, n),
                    micros(write, n),
                    n / ((read + state + evaluate + write) / 1e9));
        }
    }

    private static double micros(long nanos, int n) {
        return nanos / 1e3 / n;
    }
}
