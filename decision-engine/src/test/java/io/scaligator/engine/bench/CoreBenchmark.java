package io.scaligator.engine.bench;

import io.scaligator.common.event.Observation;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

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
        byte[][] inputs = EngineBenchmark.observations(200_000, 2_000, Instant.parse("2026-11-28T00:00:00Z")).stream()
                .map(EventJson::write)
                .toArray(byte[][]::new);
        for (int round = 1; round <= 3; round++) {
            System.out.printf("round %d, per signal: %s%n", round, measure(policy, inputs));
        }
    }

    /** One pass of the engine's own work over the inputs (serialized observations), timed by stage. */
    static Stages measure(Policy policy, byte[][] inputs) {
        long read = 0;
        long state = 0;
        long evaluate = 0;
        long write = 0;
        Map<String, byte[]> store = new HashMap<>();
        DecisionCore core = new DecisionCore();
        for (int i = 0; i < inputs.length; i++) {
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
        int n = inputs.length;
        return new Stages(micros(read, n), micros(state, n), micros(evaluate, n), micros(write, n));
    }

    /** Microseconds per signal of each stage of the engine's own work. */
    record Stages(double inputJson, double stateRead, double evaluate, double write) {

        double total() {
            return inputJson + stateRead + evaluate + write;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "input JSON %.1f us, state read %.1f us, evaluate %.1f us, state + decision + command %.1f us"
                            + " = %.1f us = %,.0f signals/s on one core",
                    inputJson,
                    stateRead,
                    evaluate,
                    write,
                    total(),
                    1e6 / total());
        }
    }

    private static double micros(long nanos, int n) {
        return nanos / 1e3 / n;
    }
}
