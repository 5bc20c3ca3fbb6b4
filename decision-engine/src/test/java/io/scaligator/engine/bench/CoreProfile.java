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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

public final class CoreProfile {
    public static void main(String[] args) {
        Policy policy = Fixtures.policy("watch_namespaces = [\"default\"]\n");
        int n = 200_000;
        Random random = new Random(7);
        byte[][] inputs = new byte[n][];
        Instant t0 = Instant.parse("2026-11-28T00:00:00Z");
        for (int i = 0; i < n; i++) {
            inputs[i] = EventJson.write(new Observation("obs-" + i, TargetRef.deployment("default", "web-" + (i % 2000)),
                    t0.plusMillis(i * 10L), 2 + random.nextInt(5), 2, List.of(MetricSample.present("cpu",
                    random.nextDouble())), null, Map.of()));
        }
        for (int round = 0; round < 3; round++) {
            long read = 0, eval = 0, state = 0, write = 0;
            Map<String, byte[]> store = new HashMap<>();
            DecisionCore core = new DecisionCore();
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                Observation o = EventJson.read(inputs[i], Observation.class);
                long b = System.nanoTime();
                byte[] s = store.get(o.key());
                TargetState st = s == null ? null : TargetState.fromJson(s);
                long c = System.nanoTime();
                Evaluation e = core.evaluate(st, Signal.of(o, "obs", 0, i), policy);
                long d = System.nanoTime();
                store.put(o.key(), e.state().toJson());
                EventJson.write(e.decision());
                if (e.command() != null) {
                    EventJson.write(e.command());
                }
                long f = System.nanoTime();
                read += b - a; state += c - b; eval += d - c; write += f - d;
            }
            byte[] sample = store.get("default/Deployment/web-1");
            if (round == 0) System.out.println(new String(sample) + "\n" + new String(EventJson.write(core.evaluate(TargetState.fromJson(sample), Signal.of(EventJson.read(inputs[1], Observation.class), "obs", 0, 1), policy).decision())));
            var reader = EventJson.mapper().readerFor(TargetState.class);
            long r0 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { try { reader.readValue(sample); } catch (Exception ex) { throw new RuntimeException(ex); } }
            long r1 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { try { EventJson.mapper().readTree(sample); } catch (Exception ex) { throw new RuntimeException(ex); } }
            long r2 = System.nanoTime();
            System.out.printf("state %d bytes: reader %.1f us, tree %.1f us%n", sample.length, (r1-r0)/1e3/20000, (r2-r1)/1e3/20000);
            System.out.printf("per record: read %.1f us, state read %.1f us, evaluate %.1f us, writes %.1f us%n",
                    read / 1e3 / n, state / 1e3 / n, eval / 1e3 / n, write / 1e3 / n);
        }
    }
}
