package io.scaligator.actuator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Commands applied per second and apply latency of one actuator (real broker, mock API in CRUD mode), next to a
 * same-run baseline: the same number of bare JSON merge patches sent by one fabric8 client, nothing else.
 * Run: {@code mvn -q -pl scale-actuator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.scaligator.actuator.ActuatorBenchmark [-Dexec.args=COMMANDS]}.
 */
public final class ActuatorBenchmark {

    private static final int TARGETS = 20;

    private ActuatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("actuator-bench-");
        try (KafkaBroker broker = KafkaBroker.start(dir);
                MockKube kube = MockKube.start()) {
            for (int t = 0; t < TARGETS; t++) {
                kube.fixtures().deployment(Workload.of(ActuatorFixture.WATCHED, "bench-" + t, 3));
                kube.fixtures().deployment(Workload.of(ActuatorFixture.WATCHED, "base-" + t, 1));
            }
            long[] baseline = baseline(kube.client(), commands);
            try (ActuatorFixture fixture = new ActuatorFixture(
                    broker.bootstrapServers(),
                    kube.masterUrl(),
                    Map.of(
                            "SCALIGATOR_ACTUATOR_LEASE_DURATION",
                            "15s",
                            "SCALIGATOR_ACTUATOR_RENEW_DEADLINE",
                            "10s",
                            "SCALIGATOR_ACTUATOR_RETRY_PERIOD",
                            "2s"))) {
                KubernetesClient client = fixture.newClient();
                ActuatorService actuator = fixture.start("bench", client, ActuatorFixture.scaler(client));
                while (!actuator.leading()) {
                    Thread.sleep(50);
                }
                List<ScaleCommand> batch = new ArrayList<>();
                Instant base = Instant.now();
                for (int i = 0; i < commands; i++) {
                    int to = 2 + (i / TARGETS) % 2;
                    batch.add(ActuatorFixture.command(
                            "bench-" + i,
                            TargetRef.deployment(ActuatorFixture.WATCHED, "bench-" + (i % TARGETS)),
                            to == 2 ? 3 : 2,
                            to,
                            base.plusMillis(i)));
                }
                long start = System.nanoTime();
                fixture.send(batch.toArray(ScaleCommand[]::new));
                List<ScaleOutcome> outcomes = fixture.outcomes();
                while (outcomes.size() < commands) {
                    outcomes = fixture.outcomes();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long applied = outcomes.stream()
                        .filter(o -> o.status() == ScaleOutcome.Status.APPLIED)
                        .count();
                long[] latencies = outcomes.stream()
                        .mapToLong(ScaleOutcome::durationMillis)
                        .sorted()
                        .toArray();
                System.out.printf(
                        "baseline: %d bare merge patches, one client: %.0f patches/s, p50 %d ms, p99 %d ms%n",
                        commands, baseline[0] / 1.0, baseline[1], baseline[2]);
                System.out.printf(
                        "actuator: %d commands -> %d applied in %.2f s: %.0f commands applied/s "
                                + "(end to end: produce, consume, read, patch, event, outcome, transaction)%n",
                        commands, applied, seconds, applied / seconds);
                System.out.printf(
                        "actuator apply latency per command (outcome.durationMillis): p50 %d ms, "
                                + "p99 %d ms, max %d ms%n",
                        percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1]);
            }
        }
        System.exit(0);
    }

    /** Bare patches: {patches per second, p50 ms, p99 ms}. */
    private static long[] baseline(KubernetesClient client, int patches) {
        long[] millis = new long[patches];
        long start = System.nanoTime();
        for (int i = 0; i < patches; i++) {
            long t0 = System.nanoTime();
            client.apps()
                    .deployments()
                    .inNamespace(ActuatorFixture.WATCHED)
                    .withName("base-" + (i % TARGETS))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + (2 + i % 2) + "}}");
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(millis);
        return new long[] {Math.round(patches / seconds), percentile(millis, 50), percentile(millis, 99)};
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
