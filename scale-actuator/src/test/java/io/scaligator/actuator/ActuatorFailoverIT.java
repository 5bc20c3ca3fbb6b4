package io.scaligator.actuator;

import static io.scaligator.actuator.ActuatorFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Two actuator instances on one Lease: one applies, killing it hands over within the lease, nothing twice. */
class ActuatorFailoverIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorFailoverIT.class);
    private static final String NS = ActuatorFixture.WATCHED;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int TARGETS = 10;
    private static final int COMMANDS_PER_TARGET = 100;

    private MockKube kube;
    private ActuatorFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        kube = MockKube.start();
        fixture = new ActuatorFixture(KAFKA.bootstrapServers(), kube.masterUrl(), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        kube.close();
    }

    private ActuatorService instance(String identity) {
        KubernetesClient client = fixture.newClient();
        return fixture.start(identity, client, ActuatorFixture.scaler(client));
    }

    @Test
    void killedLeaderIsReplacedWithinTheLeaseAndNoneOfAThousandCommandsIsAppliedTwiceOrLeftWithoutOutcome()
            throws Exception {
        List<TargetRef> targets = new ArrayList<>();
        for (int t = 0; t < TARGETS; t++) {
            // 3: the first command of each target (3 -> 2) is decided from the live count, as the engine's are
            kube.fixtures().deployment(Workload.of(NS, "svc-" + t, 3));
            targets.add(TargetRef.deployment(NS, "svc-" + t));
        }
        // Every successful patch is one modification of a workload, naming its command: counted from outside both
        // instances, one of which is another JVM.
        Map<String, AtomicInteger> patches = new ConcurrentHashMap<>();
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        try (Watch watch = kube.client().apps().deployments().inNamespace(NS).watch(new Watcher<Deployment>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        String id = deployment.getMetadata().getAnnotations() == null
                                ? null
                                : deployment.getMetadata().getAnnotations().get(Annotations.LAST_COMMAND_ID);
                        if (action == Action.MODIFIED && id != null) {
                            patches.computeIfAbsent(id, k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        LOG.warn("workload watch closed: {}", cause.toString());
                    }
                });
                ServiceProcess alpha = ServiceProcess.start(
                        Path.of("target", "scale-actuator.jar"),
                        fixture.env("alpha"),
                        kube.masterUrl(),
                        logs.resolve("failover-alpha.log"))) {
            await("alpha leads").atMost(Duration.ofSeconds(60)).until(() -> "alpha".equals(leaseHolder()));
            int alphaOps = alpha.opsPort();
            ActuatorService beta = instance("beta");

            // Standby and leader are both ready; only the leader says so in its gauge.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(beta.opsPort(), "/readyz").statusCode() == 200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(alphaOps, "/readyz").statusCode() == 200);
            assertThat(get(alphaOps, "/metrics").body()).containsPattern("scaligator_actuator_leader\\{[^}]*} 1\\.0");
            assertThat(get(beta.opsPort(), "/metrics").body())
                    .containsPattern("scaligator_actuator_leader\\{[^}]*} 0\\.0");

            List<ScaleCommand> commands = new ArrayList<>();
            Instant base = Instant.now();
            for (int i = 0; i < COMMANDS_PER_TARGET; i++) {
                for (int t = 0; t < TARGETS; t++) {
                    int to = 2 + (i % 2);
                    commands.add(
                            command("cmd-" + t + "-" + i, targets.get(t), to == 2 ? 3 : 2, to, base.plusMillis(i)));
                }
            }
            fixture.send(commands.toArray(ScaleCommand[]::new));

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> total(patches) >= 300);
            assertThat(beta.leading()).isFalse();
            long crashedAt = System.nanoTime();
            alpha.kill();
            int patchedBeforeCrash = total(patches);

            await().atMost(LEASE.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(beta::leading);
            Duration takeover = Duration.ofNanos(System.nanoTime() - crashedAt);
            LOG.info(
                    "takeover after SIGKILL: {} ms (lease {}), {} patches before the kill",
                    takeover.toMillis(),
                    LEASE,
                    patchedBeforeCrash);
            // The killed leader renewed at most retry_period before the kill; beta retries every retry_period
            // (with fabric8's jitter up to 2.2x), so it must lead within the lease plus one jittered retry.
            assertThat(takeover).isLessThan(LEASE.plusMillis(500));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> fixture.outcomes().stream()
                                    .map(ScaleOutcome::commandId)
                                    .distinct()
                                    .count()
                            == commands.size());

            Map<String, List<ScaleOutcome>> outcomesById =
                    fixture.outcomes().stream().collect(Collectors.groupingBy(ScaleOutcome::commandId));
            assertThat(outcomesById.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            commands.stream().map(ScaleCommand::id).toList());
            assertThat(outcomesById.values())
                    .allSatisfy(list -> assertThat(list).hasSize(1));
            // Every command was applied once: by alpha before the kill or by beta after it. Those alpha applied
            // but could not commit are recognised by beta from the workload's annotations.
            await("the watch has seen every patch")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> patches.size() == commands.size());
            assertThat(patches.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(patches.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            commands.stream().map(ScaleCommand::id).toList());
            Map<ScaleOutcome.Status, Long> byStatus = fixture.outcomes().stream()
                    .collect(Collectors.groupingBy(ScaleOutcome::status, Collectors.counting()));
            assertThat(byStatus).containsOnlyKeys(ScaleOutcome.Status.APPLIED);
            long alreadyApplied = fixture.outcomes().stream()
                    .filter(o -> o.message().equals("already applied"))
                    .count();
            LOG.info(
                    "{} commands, {} outcomes, {} patches, {} recognised as already applied after the failover",
                    commands.size(),
                    fixture.outcomes().size(),
                    patches.size(),
                    alreadyApplied);
            for (int t = 0; t < TARGETS; t++) {
                ScaleCommand last = commands.get(commands.size() - TARGETS + t);
                Deployment deployment = kube.client()
                        .apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("svc-" + t)
                        .get();
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(last.toReplicas());
                assertThat(deployment.getMetadata().getAnnotations())
                        .containsEntry(Annotations.LAST_COMMAND_ID, last.id());
            }
        }
    }

    @Test
    void anErrorThatEndsTheCommandLoopEndsTheProcessSoThatAStandbyTakesOver() throws Exception {
        kube.fixtures().deployment(Workload.of(NS, "deep", 2));
        KubernetesClient client = fixture.newClient();
        WorkloadScaler real = ActuatorFixture.scaler(client);
        WorkloadScaler defective = new WorkloadScaler() {
            @Override
            public WorkloadState read(TargetRef target) {
                return real.read(target);
            }

            @Override
            public void apply(TargetRef target, ScalePatch patch) {
                throw new StackOverflowError("a defect deep in the scaler");
            }

            @Override
            public void close() {
                real.close();
            }
        };
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        ActuatorService alpha = fixture.start("alpha", client, defective, exited::complete);
        await().atMost(Duration.ofSeconds(20)).until(alpha::leading);

        fixture.send(command("c-deep", TargetRef.deployment(NS, "deep"), 2, 3, Instant.now()));

        // a leader whose loop is gone would hold the Lease and apply nothing: the process ends instead
        assertThat(exited.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void gracefulShutdownReleasesTheLeaseSoTheStandbyTakesOverAtOnce() {
        ActuatorService alpha = instance("alpha");
        await().atMost(Duration.ofSeconds(20)).until(alpha::leading);
        ActuatorService beta = instance("beta");
        kube.fixtures().deployment(Workload.of(NS, "handover", 1));

        long closedAt = System.nanoTime();
        alpha.close();
        long closeMillis = Duration.ofNanos(System.nanoTime() - closedAt).toMillis();
        // Released, not left to expire: the Lease names no holder (or already beta) the moment close returns.
        String holder = kube.client()
                .leases()
                .inNamespace(ActuatorFixture.OWN)
                .withName(leaseName())
                .get()
                .getSpec()
                .getHolderIdentity();
        assertThat(holder).isIn(null, "", "beta");
        await().atMost(LEASE).pollInterval(Duration.ofMillis(20)).until(beta::leading);
        Duration takeover = Duration.ofNanos(System.nanoTime() - closedAt);
        LOG.info("takeover after graceful shutdown: {} ms (close took {} ms)", takeover.toMillis(), closeMillis);
        assertThat(takeover.toMillis() - closeMillis).isLessThan(1000);

        ScaleCommand command = command("after-handover", TargetRef.deployment(NS, "handover"), 1, 2, Instant.now());
        fixture.send(command);
        assertThat(fixture.awaitOutcome(command.id()).status()).isEqualTo(ScaleOutcome.Status.APPLIED);
    }

    @Test
    void leaderThatLosesTheLeaseStopsApplyingAndStandsAgain() {
        ActuatorService alpha = instance("alpha");
        await().atMost(Duration.ofSeconds(20)).until(alpha::leading);
        KubernetesClient client = kube.client();

        // Another holder takes the Lease (as after a network partition): alpha must notice and step down. Like a real
        // contender, the intruder retries when alpha's renewal wins the optimistic-concurrency race (409).
        await().atMost(Duration.ofSeconds(5))
                .ignoreException(KubernetesClientException.class)
                .until(() -> {
                    client.leases()
                            .inNamespace(ActuatorFixture.OWN)
                            .withName(leaseName())
                            .edit(lease -> {
                                lease.getSpec().setHolderIdentity("intruder");
                                return lease;
                            });
                    return true;
                });
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !alpha.leading());

        kube.fixtures().deployment(Workload.of(NS, "after-loss", 1));
        ScaleCommand command = command("after-loss", TargetRef.deployment(NS, "after-loss"), 1, 2, Instant.now());
        fixture.send(command);
        // The intruder never renews: once its lease runs out alpha, still standing, leads again and applies.
        await().atMost(LEASE.plusSeconds(5)).until(alpha::leading);
        assertThat(fixture.awaitOutcome(command.id()).status()).isEqualTo(ScaleOutcome.Status.APPLIED);
    }

    private String leaseName() {
        return fixture.config("any").actuator().lease().name();
    }

    private String leaseHolder() {
        var lease = kube.client()
                .leases()
                .inNamespace(ActuatorFixture.OWN)
                .withName(leaseName())
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static int total(Map<String, AtomicInteger> patches) {
        return patches.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private HttpResponse<String> get(int opsPort, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
