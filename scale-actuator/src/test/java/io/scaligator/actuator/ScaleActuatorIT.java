package io.scaligator.actuator;

import static io.scaligator.actuator.ActuatorFixture.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One actuator against the real broker and the CRUD mock API: each kind of command ends in the right outcome. */
class ScaleActuatorIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String NS = ActuatorFixture.WATCHED;
    private static MockKube kube;
    private static KubeFixtures fixtures;
    private static ActuatorFixture fixture;
    private static CountingScaler scaler;
    private static final Map<String, Runnable> BEFORE_PATCH = new ConcurrentHashMap<>();
    private static final Map<String, Runnable> AFTER_PATCH = new ConcurrentHashMap<>();

    @BeforeAll
    static void startActuator() {
        kube = MockKube.start();
        fixtures = kube.fixtures();
        fixture = new ActuatorFixture(KAFKA.bootstrapServers(), kube.masterUrl(), Map.of());
        KubernetesClient client = fixture.newClient();
        scaler = new CountingScaler(new Interfering(ActuatorFixture.scaler(client)));
        ActuatorService actuator = fixture.start("solo", client, scaler);
        await().atMost(Duration.ofSeconds(20)).until(actuator::leading);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        kube.close();
    }

    @Test
    void appliedCommandSetsReplicasRecordsItsIdOnTheWorkloadAndWritesAScaledUpEvent() {
        fixtures.deployment(Workload.of(NS, "web", 2));
        ScaleCommand command = command("c-applied", TargetRef.deployment(NS, "web"), 2, 4, Instant.now());

        fixture.send(command);
        ScaleOutcome outcome = fixture.awaitOutcome(command.id());

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.observedReplicas()).isEqualTo(2);
        assertThat(outcome.appliedReplicas()).isEqualTo(4);
        assertThat(outcome.id()).isEqualTo(ScaleOutcome.idFor(command.id()));
        Deployment web = deployment("web");
        assertThat(web.getSpec().getReplicas()).isEqualTo(4);
        assertThat(web.getMetadata().getAnnotations())
                .containsEntry(Annotations.LAST_COMMAND_ID, command.id())
                .containsEntry(Annotations.LAST_DECIDED_AT, command.decidedAt().toString());
        assertThat(scaler.patches(command.id())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !events("web", "ScaledUp").isEmpty());
        assertThat(events("web", "ScaledUp").get(0).getMessage()).contains("New size: 4", command.reason());
    }

    @Test
    void statefulSetIsScaledDownWithAScaledDownEvent() {
        fixtures.statefulSet(Workload.of(NS, "db", 3));
        ScaleCommand command = command("c-sts", TargetRef.statefulSet(NS, "db"), 3, 1, Instant.now());

        fixture.send(command);

        assertThat(fixture.awaitOutcome(command.id()).status()).isEqualTo(Status.APPLIED);
        assertThat(kube.client()
                        .apps()
                        .statefulSets()
                        .inNamespace(NS)
                        .withName("db")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !events("db", "ScaledDown").isEmpty());
    }

    @Test
    void redeliveredCommandIsReportedAsAlreadyAppliedWithoutASecondPatch() {
        fixtures.deployment(Workload.of(NS, "twice", 1));
        ScaleCommand command = command("c-twice", TargetRef.deployment(NS, "twice"), 1, 3, Instant.now());

        fixture.send(command, command);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.outcomesOf(command.id()).size() == 2);

        List<ScaleOutcome> outcomes = fixture.outcomesOf(command.id());
        assertThat(outcomes).extracting(ScaleOutcome::status).containsExactly(Status.APPLIED, Status.APPLIED);
        assertThat(outcomes.get(1).message()).isEqualTo("already applied");
        assertThat(outcomes.get(1).appliedReplicas()).isEqualTo(3);
        assertThat(scaler.patches(command.id())).isEqualTo(1);
    }

    @Test
    void commandAppliedBeforeACrashAndRedeliveredPastItsTtlIsReportedAsAlreadyApplied() {
        // The leader patched the workload and died before committing the outcome; the command comes back only
        // after command_ttl (a long outage). What happened is that it was applied, not that it expired.
        Instant decided = Instant.now().minusSeconds(121);
        fixtures.deployment(Workload.of(NS, "survivor", 3)
                .withAnnotation(Annotations.LAST_COMMAND_ID, "c-survivor")
                .withAnnotation(Annotations.LAST_DECIDED_AT, decided.toString()));
        ScaleCommand command = command("c-survivor", TargetRef.deployment(NS, "survivor"), 1, 3, decided);

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.message()).isEqualTo("already applied");
        assertThat(outcome.appliedReplicas()).isEqualTo(3);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void commandDecidedBeforeTheLastAppliedOneIsSkippedAsStaleAndChangesNothing() {
        fixtures.deployment(Workload.of(NS, "ordered", 2));
        TargetRef target = TargetRef.deployment(NS, "ordered");
        Instant now = Instant.now();
        ScaleCommand newer = command("c-newer", target, 2, 5, now);
        ScaleCommand older = command("c-older", target, 2, 1, now.minusSeconds(10));

        fixture.send(newer, older);

        assertThat(fixture.awaitOutcome(older.id()).status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(fixture.awaitOutcome(newer.id()).status()).isEqualTo(Status.APPLIED);
        assertThat(deployment("ordered").getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment("ordered").getMetadata().getAnnotations())
                .containsEntry(Annotations.LAST_COMMAND_ID, newer.id());
        assertThat(scaler.patches(older.id())).isZero();
    }

    @Test
    void commandPastItsTtlIsSkippedAsExpiredAndChangesNothing() {
        fixtures.deployment(Workload.of(NS, "late", 2));
        ScaleCommand command = command(
                "c-late", TargetRef.deployment(NS, "late"), 2, 6, Instant.now().minusSeconds(121));

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_EXPIRED);
        assertThat(outcome.message()).contains("command_ttl PT2M");
        assertThat(deployment("late").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment("late").getMetadata().getAnnotations()).doesNotContainKey(Annotations.LAST_COMMAND_ID);
    }

    @Test
    void commandsForUnwatchedOrOwnNamespaceAreRefusedAndChangeNothing() {
        fixtures.deployment(Workload.of("other", "web", 2));
        fixtures.deployment(Workload.of(ActuatorFixture.OWN, "engine", 1));
        ScaleCommand unwatched = command("c-unwatched", TargetRef.deployment("other", "web"), 2, 4, Instant.now());
        ScaleCommand own = command("c-own", TargetRef.deployment(ActuatorFixture.OWN, "engine"), 1, 0, Instant.now());

        fixture.send(unwatched, own);

        ScaleOutcome refusedUnwatched = fixture.awaitOutcome(unwatched.id());
        ScaleOutcome refusedOwn = fixture.awaitOutcome(own.id());
        assertThat(refusedUnwatched.status()).isEqualTo(Status.REFUSED_NOT_ALLOWED);
        assertThat(refusedUnwatched.message()).contains("not in watch_namespaces");
        assertThat(refusedOwn.status()).isEqualTo(Status.REFUSED_NOT_ALLOWED);
        assertThat(refusedOwn.message()).contains("own namespace");
        assertThat(kube.client()
                        .apps()
                        .deployments()
                        .inNamespace("other")
                        .withName("web")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);
        assertThat(kube.client()
                        .apps()
                        .deployments()
                        .inNamespace(ActuatorFixture.OWN)
                        .withName("engine")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(1);
    }

    @Test
    void workloadWithAnHpaIsNotTouchedAndGetsAScaleRefusedEvent() {
        fixtures.deployment(Workload.of(NS, "hpa-managed", 3));
        fixtures.hpa(NS, "hpa-managed", "Deployment", "hpa-managed", 2, 8);
        TargetRef target = TargetRef.deployment(NS, "hpa-managed");
        // The actuator knows HPAs from its informer cache, like the HPA controller knows its targets.
        await().atMost(Duration.ofSeconds(10)).until(() -> scaler.read(target).otherAutoscaler() != null);
        ScaleCommand command = command("c-hpa", target, 3, 6, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.CONFLICT_WITH_HPA);
        assertThat(outcome.message()).contains("HorizontalPodAutoscaler apps/hpa-managed");
        assertThat(deployment("hpa-managed").getSpec().getReplicas()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !events("hpa-managed", "ScaleRefused").isEmpty());
        assertThat(events("hpa-managed", "ScaleRefused").get(0).getType()).isEqualTo("Warning");
    }

    @Test
    void aCustomKindIsScaledThroughItsScaleSubresourceAndTheOutcomeRecorded() {
        Kind rollout = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        Kind.register(List.of(rollout)); // what loading a config with this [[scalable_kinds]] entry does
        fixtures.scalableCrd("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        fixtures.customResource("argoproj.io/v1alpha1", "Rollout", Workload.of(NS, "canary", 2));
        ScaleCommand command = command("c-rollout", new TargetRef(NS, rollout, "canary"), 2, 5, Instant.now());

        fixture.send(command);
        ScaleOutcome outcome = fixture.awaitOutcome(command.id());

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.appliedReplicas()).isEqualTo(5);
        GenericKubernetesResource canary = kube.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
                .inNamespace(NS)
                .withName("canary")
                .get();
        assertThat(((Map<?, ?>) canary.getAdditionalProperties().get("spec")).get("replicas"))
                .isEqualTo(5);
        assertThat(canary.getMetadata().getAnnotations()).containsEntry(Annotations.LAST_COMMAND_ID, command.id());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !events("canary", "ScaledUp").isEmpty());
        assertThat(events("canary", "ScaledUp").get(0).getInvolvedObject().getApiVersion())
                .isEqualTo("argoproj.io/v1alpha1");
    }

    @Test
    void workloadAKedaScaledObjectTargetsIsNotTouchedAndTheRefusalNamesTheScaledObject() {
        fixtures.deployment(Workload.of(NS, "keda-managed", 3));
        fixtures.scaledObject(NS, "keda-managed-so", null, "keda-managed");
        TargetRef target = TargetRef.deployment(NS, "keda-managed");
        await().atMost(Duration.ofSeconds(10)).until(() -> scaler.read(target).otherAutoscaler() != null);
        ScaleCommand command = command("c-keda", target, 3, 6, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.CONFLICT_WITH_HPA);
        assertThat(outcome.message()).contains("keda ScaledObject apps/keda-managed-so");
        assertThat(deployment("keda-managed").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void replicasAboveMaxReplicasAreClampedToIt() {
        fixtures.deployment(Workload.of(NS, "big", 2));
        ScaleCommand command = command("c-big", TargetRef.deployment(NS, "big"), 2, 50, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.appliedReplicas()).isEqualTo(10);
        assertThat(outcome.message()).contains("clamped from 50 to max_replicas 10");
        assertThat(deployment("big").getSpec().getReplicas()).isEqualTo(10);
    }

    @Test
    void conflictFromAConcurrentEditIsReReadAndAppliedOnTheNewVersion() {
        fixtures.deployment(Workload.of(NS, "contended", 2));
        ScaleCommand command = command("c-409", TargetRef.deployment(NS, "contended"), 2, 4, Instant.now());
        // Someone else edits the workload between the actuator's read and its patch: a real 409 from the API.
        BEFORE_PATCH.put(command.id(), () -> kube.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("contended")
                .edit(d -> {
                    d.getMetadata().getLabels().put("edited-by", "someone-else");
                    return d;
                }));

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.message()).contains("after 1 conflicts");
        Deployment contended = deployment("contended");
        assertThat(contended.getSpec().getReplicas()).isEqualTo(4);
        assertThat(contended.getMetadata().getLabels()).containsEntry("edited-by", "someone-else");
        assertThat(scaler.patches(command.id())).isEqualTo(1);
    }

    @Test
    void conflictWithANewerCommandAppliedMeanwhileEndsStale() {
        fixtures.deployment(Workload.of(NS, "raced", 2));
        TargetRef target = TargetRef.deployment(NS, "raced");
        Instant now = Instant.now();
        ScaleCommand command = command("c-raced", target, 2, 4, now);
        // Another writer records a newer Scaligator command on the workload between read and patch.
        BEFORE_PATCH.put(command.id(), () -> kube.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("raced")
                .edit(d -> {
                    d.getSpec().setReplicas(7);
                    d.getMetadata().getAnnotations().put(Annotations.LAST_COMMAND_ID, "c-newer-elsewhere");
                    d.getMetadata()
                            .getAnnotations()
                            .put(Annotations.LAST_DECIDED_AT, now.plusSeconds(1).toString());
                    return d;
                }));

        fixture.send(command);

        assertThat(fixture.awaitOutcome(command.id()).status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(deployment("raced").getSpec().getReplicas()).isEqualTo(7);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndTheCommandThenApplies() {
        fixtures.deployment(Workload.of(NS, "flaky", 2));
        kube.server()
                .expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/apps/deployments/flaky")
                .andReturn(503, "{\"kind\":\"Status\",\"code\":503,\"message\":\"etcd leader changed\"}")
                .times(2);
        ScaleCommand command = command("c-flaky", TargetRef.deployment(NS, "flaky"), 2, 3, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.message()).contains("0 conflicts, 2 retries");
        assertThat(outcome.durationMillis()).isGreaterThanOrEqualTo(300); // backoff 100 ms + 200 ms
        assertThat(deployment("flaky").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void serverErrorsPastTheApplyDeadlineFailTheCommandAndChangeNothing() {
        fixtures.deployment(Workload.of(NS, "down", 2));
        kube.server()
                .expect()
                .patch()
                .withPath("/apis/apps/v1/namespaces/apps/deployments/down")
                .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"internal error\"}")
                .always();
        ScaleCommand command = command("c-down", TargetRef.deployment(NS, "down"), 2, 3, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("gave up after apply_deadline PT2S");
        assertThat(outcome.durationMillis()).isLessThanOrEqualTo(2_500);
        assertThat(deployment("down").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aWorkloadWhosePatchHangsDelaysNoOtherWorkloadsScaleAndOutcomesStillCommitInRecordOrder() throws Exception {
        TargetRef hanging = TargetRef.deployment(NS, "hanging");
        TargetRef nimble = inTheSamePartitionAs(hanging, "nimble-"); // the case a batch-at-a-time loop blocked
        fixtures.deployment(Workload.of(NS, hanging.name(), 2));
        fixtures.deployment(Workload.of(NS, nimble.name(), 2));
        CountDownLatch release = new CountDownLatch(1);
        ScaleCommand held = command("c-hanging", hanging, 2, 3, Instant.now());
        CountDownLatch patching = holdPatch(held, release);
        ScaleCommand first = command("c-nimble-1", nimble, 2, 3, Instant.now());
        ScaleCommand second = command("c-nimble-2", nimble, 3, 4, Instant.now().plusMillis(1));
        try {
            fixture.send(held);
            assertThat(patching.await(30, TimeUnit.SECONDS)).isTrue();
            fixture.send(first, second);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deployment(nimble.name()).getSpec().getReplicas() == 4);
            assertThat(deployment(hanging.name()).getSpec().getReplicas()).isEqualTo(2);
            // scaled, but not yet reported: a partition's outcomes commit in record order, behind the held command
            assertThat(fixture.outcomesOf(first.id())).isEmpty();
        } finally {
            release.countDown();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.outcomesOf(second.id()).size() == 1);
        List<String> reported = fixture.outcomes().stream()
                .map(ScaleOutcome::commandId)
                .filter(id -> List.of(held.id(), first.id(), second.id()).contains(id))
                .toList();
        assertThat(reported).containsExactly(held.id(), first.id(), second.id());
        assertThat(fixture.outcomes())
                .filteredOn(o -> reported.contains(o.commandId()))
                .extracting(ScaleOutcome::status)
                .containsOnly(Status.APPLIED);
        assertThat(deployment(hanging.name()).getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaler.patches(first.id()) + scaler.patches(second.id())).isEqualTo(2);
    }

    @Test
    void behindAHangingPatchABusyWorkloadAppliesAsManyCommandsAsItRemembersAndTheOthersOfThePartitionGoOn()
            throws Exception {
        TargetRef hanging = TargetRef.deployment(NS, "stuck");
        TargetRef busy = inTheSamePartitionAs(hanging, "busy-");
        TargetRef other = inTheSamePartitionAs(hanging, "bystander-");
        for (TargetRef workload : List.of(hanging, busy, other)) {
            fixtures.deployment(Workload.of(NS, workload.name(), 2));
        }
        CountDownLatch release = new CountDownLatch(1);
        ScaleCommand held = command("c-stuck", hanging, 2, 3, Instant.now());
        CountDownLatch patching = holdPatch(held, release);
        int remembered = ScalePatch.REMEMBERED_COMMANDS;
        List<ScaleCommand> busyCommands = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < remembered + 5; i++) {
            // up and down: each decided on what the previous one set
            busyCommands.add(command("c-busy-" + i, busy, 2 + i % 2, 3 - i % 2, start.plusMillis(i)));
        }
        ScaleCommand bystander = command("c-bystander", other, 2, 4, Instant.now());
        try {
            fixture.send(held);
            assertThat(patching.await(30, TimeUnit.SECONDS)).isTrue();
            fixture.send(busyCommands.toArray(ScaleCommand[]::new));
            fixture.send(bystander);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> deployment(other.name()).getSpec().getReplicas() == 4);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> busyCommands.stream()
                                    .mapToInt(c -> scaler.patches(c.id()))
                                    .sum()
                            == remembered);
            // none of them can be committed behind the held command: a crash now would re-deliver them all, and
            // the busy workload's annotations name every one it applied
            assertThat(busyCommands.subList(remembered, busyCommands.size()))
                    .allSatisfy(c -> assertThat(scaler.patches(c.id())).isZero());
            assertThat(fixture.outcomesOf(bystander.id())).isEmpty();
        } finally {
            release.countDown();
        }

        ScaleCommand last = busyCommands.get(busyCommands.size() - 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.outcomesOf(last.id()).size() == 1);
        assertThat(busyCommands).allSatisfy(c -> {
            assertThat(scaler.patches(c.id())).isEqualTo(1);
            assertThat(fixture.outcomesOf(c.id()))
                    .singleElement()
                    .extracting(ScaleOutcome::status)
                    .isEqualTo(Status.APPLIED);
        });
        assertThat(deployment(busy.name()).getSpec().getReplicas()).isEqualTo(3);
        assertThat(fixture.outcomesOf(bystander.id())).hasSize(1);
    }

    @Test
    void anUnexpectedErrorWhileApplyingFailsThatCommandAndTheLeaderGoesOn() {
        fixtures.deployment(Workload.of(NS, "buggy", 2));
        fixtures.deployment(Workload.of(NS, "after-bug", 2));
        ScaleCommand failing = command("c-buggy", TargetRef.deployment(NS, "buggy"), 2, 3, Instant.now());
        ScaleCommand next = command("c-after-bug", TargetRef.deployment(NS, "after-bug"), 2, 3, Instant.now());
        BEFORE_PATCH.put(failing.id(), () -> {
            throw new IllegalStateException("a defect in the scaler");
        });

        fixture.send(failing);
        ScaleOutcome outcome = fixture.awaitOutcome(failing.id());
        fixture.send(next);

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("unexpected error", "a defect in the scaler");
        assertThat(deployment("buggy").getSpec().getReplicas()).isEqualTo(2);
        assertThat(fixture.awaitOutcome(next.id()).status()).isEqualTo(Status.APPLIED);
        assertThat(deployment("after-bug").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void aDefectAfterTheApiServerAcceptedThePatchIsReportedAppliedNotFailed() {
        fixtures.deployment(Workload.of(NS, "late-bug", 2));
        ScaleCommand command = command("c-late-bug", TargetRef.deployment(NS, "late-bug"), 2, 3, Instant.now());
        AFTER_PATCH.put(command.id(), () -> {
            throw new IllegalStateException("a defect after the patch");
        });

        fixture.send(command);
        ScaleOutcome outcome = fixture.awaitOutcome(command.id());

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.message()).contains("applied, then unexpected error", "a defect after the patch");
        assertThat(outcome.appliedReplicas()).isEqualTo(3);
        assertThat(deployment("late-bug").getSpec().getReplicas()).isEqualTo(3);
    }

    /** A workload whose commands go to the same partition as {@code target}'s (the producer's key hash). */
    private static TargetRef inTheSamePartitionAs(TargetRef target, String prefix) {
        int partitions = 3; // SCALIGATOR_KAFKA_PARTITIONS in ActuatorFixture
        for (int i = 0; ; i++) {
            TargetRef candidate = TargetRef.deployment(NS, prefix + i);
            if (partitionOf(candidate, partitions) == partitionOf(target, partitions)) {
                return candidate;
            }
        }
    }

    private static int partitionOf(TargetRef target, int partitions) {
        return Utils.toPositive(Utils.murmur2(target.key().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Holds the command's patch until {@code release} opens, as an API server that takes its time over this one
     * workload's patch would; the returned latch opens when the patch is reached.
     */
    private static CountDownLatch holdPatch(ScaleCommand command, CountDownLatch release) {
        CountDownLatch patching = new CountDownLatch(1);
        BEFORE_PATCH.put(command.id(), () -> {
            patching.countDown();
            awaitQuietly(release);
        });
        return patching;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void dryRunRecordsWhatItWouldDoAndPatchesNothing() throws Exception {
        fixtures.deployment(Workload.of(NS, "rehearsal", 2));
        ScaleCommand command = command("c-dry", TargetRef.deployment(NS, "rehearsal"), 2, 5, Instant.now());
        try (ActuatorFixture dry = new ActuatorFixture(
                KAFKA.bootstrapServers(), kube.masterUrl(), Map.of("SCALIGATOR_ACTUATOR_DRY_RUN", "true"))) {
            KubernetesClient client = dry.newClient();
            CountingScaler dryScaler = new CountingScaler(ActuatorFixture.scaler(client));
            ActuatorService actuator = dry.start("dry", client, dryScaler);
            await().atMost(Duration.ofSeconds(20)).until(actuator::leading);

            dry.send(command);

            ScaleOutcome outcome = dry.awaitOutcome(command.id());
            assertThat(outcome.status()).isEqualTo(Status.DRY_RUN);
            assertThat(outcome.message()).isEqualTo("dry run: would scale from 2 to 5");
            assertThat(dryScaler.patches(command.id())).isZero();
        }
        assertThat(deployment("rehearsal").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment("rehearsal").getMetadata().getAnnotations())
                .doesNotContainKey(Annotations.LAST_COMMAND_ID);
    }

    @Test
    void missingWorkloadFailsTheCommand() {
        ScaleCommand command = command("c-missing", TargetRef.deployment(NS, "ghost"), 1, 2, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("not found");
    }

    @Test
    void commandDecidedBeforeAPersonScaledTheWorkloadIsSkippedAsStaleAndTheirCountStays() {
        fixtures.deployment(Workload.of(NS, "manual", 2));
        ScaleCommand command = command("c-manual", TargetRef.deployment(NS, "manual"), 2, 4, Instant.now());
        setReplicas("manual", 6); // kubectl scale --replicas=6, after the engine decided from 2

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.observedReplicas()).isEqualTo(6);
        assertThat(outcome.message()).contains("decided from 2 replicas", "has 6 now");
        assertThat(deployment("manual").getSpec().getReplicas()).isEqualTo(6);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void personScalingBetweenTheActuatorsReadAndItsPatchWinsAfterTheConflict() {
        fixtures.deployment(Workload.of(NS, "racing-person", 2));
        ScaleCommand command =
                command("c-racing-person", TargetRef.deployment(NS, "racing-person"), 2, 4, Instant.now());
        BEFORE_PATCH.put(command.id(), () -> setReplicas("racing-person", 3));

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.message()).contains("has 3 now");
        assertThat(deployment("racing-person").getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void workloadAPersonScaledToZeroIsNotRevivedByACommandFromTheOldCount() {
        fixtures.deployment(Workload.of(NS, "switched-off", 3));
        ScaleCommand command = command("c-switched-off", TargetRef.deployment(NS, "switched-off"), 3, 5, Instant.now());
        setReplicas("switched-off", 0);

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.message()).contains("decided from 3 replicas", "has 0 now");
        assertThat(deployment("switched-off").getSpec().getReplicas()).isZero();
    }

    @Test
    void aCommandDecidedBeforeItsWorkloadWasDeletedAndRecreatedIsSkippedAsStaleAndTheNewOneKeepsItsCount() {
        TargetRef target = TargetRef.deployment(NS, "phoenix");
        // Decided on the workload running then; a person deletes it and creates it again with the same count.
        ScaleCommand command =
                command("c-phoenix", target, 2, 4, created(fixtures.deployment(Workload.of(NS, "phoenix", 2))));
        recreateInALaterSecond("phoenix", 2, command.decidedAt());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.message()).contains("after the command was decided at " + command.decidedAt());
        Deployment phoenix = deployment("phoenix");
        assertThat(phoenix.getSpec().getReplicas()).isEqualTo(2);
        assertThat(phoenix.getMetadata().getAnnotations()).doesNotContainKey(Annotations.LAST_COMMAND_ID);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void aWorkloadDeletedAndRecreatedBetweenTheActuatorsReadAndItsPatchIsNotScaledByTheOldCommand() {
        Deployment old = fixtures.deployment(Workload.of(NS, "reborn", 2));
        ScaleCommand command = command("c-reborn", TargetRef.deployment(NS, "reborn"), 2, 4, created(old));
        BEFORE_PATCH.put(command.id(), () -> recreateInALaterSecond("reborn", 2, command.decidedAt()));

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.message()).contains("after the command was decided at " + command.decidedAt());
        Deployment reborn = deployment("reborn");
        assertThat(reborn.getMetadata().getUid())
                .as("the patch on the old workload was refused (409), it was read again")
                .isNotEqualTo(old.getMetadata().getUid());
        assertThat(reborn.getSpec().getReplicas()).isEqualTo(2);
        assertThat(reborn.getMetadata().getAnnotations()).doesNotContainKey(Annotations.LAST_COMMAND_ID);
        assertThat(scaler.patches(command.id())).isZero();
    }

    @Test
    void aWorkloadDeletedBetweenTheActuatorsReadAndItsPatchFailsAsNotFound() {
        fixtures.deployment(Workload.of(NS, "vanished", 2));
        ScaleCommand command = command("c-vanished", TargetRef.deployment(NS, "vanished"), 2, 4, Instant.now());
        BEFORE_PATCH.put(command.id(), () -> {
            kube.client()
                    .apps()
                    .deployments()
                    .inNamespace(NS)
                    .withName("vanished")
                    .delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment("vanished") == null);
        });

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        // decided again on a fresh read, as after a 409: the same outcome as a workload missing at the first read
        assertThat(outcome.message()).isEqualTo("workload " + command.target() + " not found");
        assertThat(deployment("vanished")).isNull();
    }

    @Test
    void excludeAnnotationAddedAfterTheDecisionRefusesTheCommandWithAnEvent() {
        fixtures.deployment(Workload.of(NS, "opted-out", 2));
        ScaleCommand command = command("c-opted-out", TargetRef.deployment(NS, "opted-out"), 2, 4, Instant.now());
        annotate("opted-out", Annotations.EXCLUDE, "true");

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.REFUSED_EXCLUDED);
        assertThat(outcome.message()).contains("scaligator.io/exclude=true");
        assertThat(deployment("opted-out").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment("opted-out").getMetadata().getAnnotations())
                .doesNotContainKey(Annotations.LAST_COMMAND_ID);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !events("opted-out", "ScaleRefused").isEmpty());
    }

    @Test
    void pausedWorkloadIsRefusedAndKeepsItsReplicas() {
        fixtures.deployment(Workload.of(NS, "frozen", 2).withAnnotation(Annotations.PAUSED, "true"));
        ScaleCommand command = command("c-frozen", TargetRef.deployment(NS, "frozen"), 2, 1, Instant.now());

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.REFUSED_PAUSED);
        assertThat(outcome.message()).contains("scaligator.io/paused=true");
        assertThat(deployment("frozen").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void maxReplicasAnnotationCapsAScaleUpAndRefusesOneAtTheCap() {
        fixtures.deployment(Workload.of(NS, "capped", 2));
        annotate("capped", Annotations.MAX_REPLICAS, "3");
        TargetRef target = TargetRef.deployment(NS, "capped");
        ScaleCommand capped = command("c-capped", target, 2, 8, Instant.now());
        ScaleCommand atCap = command("c-at-cap", target, 3, 5, Instant.now().plusMillis(1));

        fixture.send(capped, atCap);

        ScaleOutcome first = fixture.awaitOutcome(capped.id());
        assertThat(first.status()).isEqualTo(Status.APPLIED);
        assertThat(first.appliedReplicas()).isEqualTo(3);
        assertThat(first.message()).contains("clamped from 8 to annotation scaligator.io/max-replicas=3");
        ScaleOutcome second = fixture.awaitOutcome(atCap.id());
        assertThat(second.status()).isEqualTo(Status.REFUSED_OUT_OF_BOUNDS);
        assertThat(second.message()).contains("scale-up from 3 to 5 refused");
        assertThat(deployment("capped").getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment("capped").getMetadata().getAnnotations())
                .containsEntry(Annotations.LAST_COMMAND_ID, capped.id());
    }

    @Test
    void commandDecidedInTheFutureBeyondTheClockSkewIsRefusedAndChangesNothing() {
        fixtures.deployment(Workload.of(NS, "tomorrow", 2));
        ScaleCommand command = command(
                "c-tomorrow",
                TargetRef.deployment(NS, "tomorrow"),
                2,
                9,
                Instant.now().plus(Duration.ofHours(1)));

        fixture.send(command);

        ScaleOutcome outcome = fixture.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo(Status.REFUSED_FROM_FUTURE);
        assertThat(outcome.message()).contains("actuator.max_clock_skew PT30S");
        assertThat(deployment("tomorrow").getSpec().getReplicas()).isEqualTo(2);
    }

    private static void setReplicas(String name, int replicas) {
        kube.client().apps().deployments().inNamespace(NS).withName(name).edit(d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }

    /** When the API server created the workload (whole seconds), the time a command decided on it at once has. */
    private static Instant created(Deployment deployment) {
        return Instant.parse(deployment.getMetadata().getCreationTimestamp());
    }

    /**
     * kubectl delete, then kubectl apply of the same manifest: the same name, a new uid, and a creationTimestamp
     * after {@code decidedAt} (the API server's are whole seconds, so the clock first passes into the next one).
     */
    private static void recreateInALaterSecond(String name, int replicas, Instant decidedAt) {
        Instant nextSecond = decidedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Instant.now().isBefore(nextSecond));
        kube.client().apps().deployments().inNamespace(NS).withName(name).delete();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kube.client()
                                .apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName(name)
                                .get()
                        == null);
        fixtures.deployment(Workload.of(NS, name, replicas));
    }

    private static void annotate(String name, String key, String value) {
        kube.client().apps().deployments().inNamespace(NS).withName(name).edit(d -> {
            d.getMetadata().getAnnotations().put(key, value);
            return d;
        });
    }

    private static Deployment deployment(String name) {
        return kube.client().apps().deployments().inNamespace(NS).withName(name).get();
    }

    private static List<Event> events(String name, String reason) {
        return kube.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    /** Runs a test's one-shot actions just before (to provoke a real 409) and just after the real patch. */
    private record Interfering(WorkloadScaler real) implements WorkloadScaler {
        @Override
        public WorkloadState read(TargetRef target) {
            return real.read(target);
        }

        @Override
        public void apply(TargetRef target, ScalePatch patch) {
            Runnable action = BEFORE_PATCH.remove(patch.commandId());
            if (action != null) {
                action.run();
            }
            real.apply(target, patch);
            Runnable after = AFTER_PATCH.remove(patch.commandId());
            if (after != null) {
                after.run();
            }
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
