package io.scaligator.poller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.TargetState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * watch_namespaces "*" (one set of cluster-wide informers) with exclude_namespaces, a configured custom kind (an
 * Argo Rollout on a CRD with a /scale subresource) and KEDA ScaledObjects, against the CRUD mock API.
 */
class ClusterWideIT {

    private static final Kind ROLLOUT = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
    private static final TargetRef CANARY = new TargetRef("shop", ROLLOUT, "canary");

    private static MockKube kube;
    private static KubeCluster cluster;

    @BeforeAll
    static void start() {
        Kind.register(List.of(ROLLOUT));
        kube = MockKube.start();
        KubeFixtures fixtures = kube.fixtures();
        fixtures.scalableCrd("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        GenericKubernetesResource canary = fixtures.customResource(
                "argoproj.io/v1alpha1",
                "Rollout",
                Workload.of("shop", "canary", 3).withAnnotation("scaligator.io/max-replicas", "8"));
        fixtures.replicaSetPod(canary, 3, "r0ll0");
        kube.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
                .inNamespace("shop")
                .withName("canary")
                .edit(r -> {
                    r.setAdditionalProperty("status", Map.of("readyReplicas", 2));
                    return r;
                });
        fixtures.deployment(Workload.of("shop", "web", 2));
        fixtures.deployment(Workload.of("shop", "queue", 1));
        fixtures.scaledObject("shop", "queue-so", null, "queue");
        Deployment billing = fixtures.deployment(Workload.of("billing", "api", 1));
        fixtures.deploymentPod(billing, "b1ll1");
        fixtures.deployment(Workload.of("kube-system", "coredns", 2));
        fixtures.deployment(Workload.of("scaligator", "scale-actuator", 1));
        fixtures.deployment(Workload.of("ci-7", "runner", 1));
        cluster = KubeCluster.start(
                kube.client(),
                new NamespaceScope(List.of(NamespaceScope.ALL), "scaligator", List.of("ci-*")),
                List.of(ROLLOUT));
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.syncStatus().ready());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        kube.close();
    }

    @Test
    void everyNamespaceIsWatchedButKubeStarScaligatorsOwnAndExcludedOnes() {
        assertThat(cluster.snapshot().targets())
                .extracting(TargetState::ref)
                .contains(TargetRef.deployment("shop", "web"), TargetRef.deployment("billing", "api"), CANARY)
                .doesNotContain(
                        TargetRef.deployment("kube-system", "coredns"),
                        TargetRef.deployment("scaligator", "scale-actuator"),
                        TargetRef.deployment("ci-7", "runner"));
    }

    @Test
    void aCustomKindIsObservedWithItsReplicasAnnotationsAndPods() {
        ClusterSnapshot snapshot = cluster.snapshot();
        TargetState canary = snapshot.targets().stream()
                .filter(t -> t.ref().equals(CANARY))
                .findFirst()
                .orElseThrow();

        assertThat(canary.specReplicas()).isEqualTo(3);
        assertThat(canary.readyReplicas()).isEqualTo(2);
        assertThat(canary.annotations()).isEqualTo(Map.of("scaligator.io/max-replicas", "8"));
        assertThat(snapshot.podOwners().ownerOf("shop", "canary-5d4f8c7b9-r0ll0"))
                .isEqualTo(CANARY);
        assertThat(snapshot.podOwners().ownerOf("billing", "api-5d4f8c7b9-b1ll1"))
                .isEqualTo(TargetRef.deployment("billing", "api"));
    }

    @Test
    void aWorkloadAKedaScaledObjectTargetsNamesIt() {
        ClusterSnapshot snapshot = cluster.snapshot();

        assertThat(snapshot.targets())
                .filteredOn(t -> t.ref().equals(TargetRef.deployment("shop", "queue")))
                .extracting(TargetState::otherAutoscaler)
                .containsExactly("keda ScaledObject shop/queue-so");
        assertThat(snapshot.targets())
                .filteredOn(t -> t.ref().equals(TargetRef.deployment("shop", "web")))
                .extracting(TargetState::otherAutoscaler)
                .containsExactly((String) null);
    }
}
