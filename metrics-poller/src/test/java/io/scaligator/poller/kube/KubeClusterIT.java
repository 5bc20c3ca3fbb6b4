package io.scaligator.poller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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

/** Target discovery and pod attribution against the fabric8 mock API in CRUD mode. */
class KubeClusterIT {

    private static MockKube kube;
    private static KubeCluster cluster;
    private static KubeFixtures fixtures;

    @BeforeAll
    static void start() {
        kube = MockKube.start();
        fixtures = kube.fixtures();
        Deployment web = fixtures.deployment(Workload.of("shop", "web", 3)
                .withAnnotation("scaligator.io/max-replicas", "6")
                .withAnnotation("team.example.com/owner", "payments"));
        fixtures.deploymentStatus("shop", "web", 3, 2);
        fixtures.deploymentPod(web, "abcde");
        StatefulSet db = fixtures.statefulSet(Workload.of("shop", "db", 2));
        fixtures.statefulSetPod(db, 0);
        Deployment api = fixtures.deployment(Workload.of("dev", "api", 1));
        fixtures.deploymentPod(api, "xyz12");
        fixtures.hpa("dev", "api-hpa", "Deployment", "api", 1, 4);
        fixtures.deployment(Workload.of("shop", "batch", 1).withAnnotation("scaligator.io/exclude", "true"));
        fixtures.deployment(Workload.of("kube-system", "coredns", 2));
        cluster = KubeCluster.start(
                kube.client(), new NamespaceScope(List.of("shop", "dev"), "scaligator", List.of()), List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.syncStatus().ready());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        kube.close();
    }

    private static TargetState target(ClusterSnapshot snapshot, TargetRef ref) {
        return snapshot.targets().stream()
                .filter(t -> t.ref().equals(ref))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void targetsAreTheWatchedNamespacesDeploymentsAndStatefulSetsWithExcludedOnesObservedButNotMeasured() {
        ClusterSnapshot snapshot = cluster.snapshot();

        assertThat(snapshot.targets())
                .extracting(TargetState::ref)
                .contains(
                        TargetRef.deployment("shop", "web"), TargetRef.statefulSet("shop", "db"),
                        TargetRef.deployment("dev", "api"), TargetRef.deployment("shop", "batch"))
                .doesNotContain(TargetRef.deployment("kube-system", "coredns"));
        TargetState batch = target(snapshot, TargetRef.deployment("shop", "batch"));
        assertThat(batch.excluded()).isTrue();
        assertThat(batch.annotations()).containsEntry("scaligator.io/exclude", "true");
        assertThat(snapshot.measured())
                .extracting(TargetState::ref)
                .doesNotContain(TargetRef.deployment("shop", "batch"))
                .contains(TargetRef.deployment("shop", "web"));
    }

    @Test
    void aTargetCarriesReplicasAndOnlyScaligatorAnnotations() {
        TargetState web = target(cluster.snapshot(), TargetRef.deployment("shop", "web"));

        assertThat(web.specReplicas()).isEqualTo(3);
        assertThat(web.readyReplicas()).isEqualTo(2);
        assertThat(web.annotations()).isEqualTo(Map.of("scaligator.io/max-replicas", "6"));
        assertThat(web.otherAutoscaler()).isNull();
    }

    @Test
    void aWorkloadTargetedByAnHpaNamesIt() {
        assertThat(target(cluster.snapshot(), TargetRef.deployment("dev", "api"))
                        .otherAutoscaler())
                .isEqualTo("HorizontalPodAutoscaler dev/api-hpa");
    }

    @Test
    void podsAreAttributedThroughOwnerReferences() {
        ClusterSnapshot snapshot = cluster.snapshot();

        assertThat(snapshot.podOwners().ownerOf("shop", "web-5d4f8c7b9-abcde"))
                .isEqualTo(TargetRef.deployment("shop", "web"));
        assertThat(snapshot.podOwners().ownerOf("shop", "db-0")).isEqualTo(TargetRef.statefulSet("shop", "db"));
        assertThat(snapshot.podOwners().ownerOf("dev", "api-5d4f8c7b9-xyz12"))
                .isEqualTo(TargetRef.deployment("dev", "api"));
        assertThat(snapshot.podOwners().ownerOf("shop", "web-not-a-pod")).isNull();
    }

    @Test
    void changesReachTheCacheWithoutRestart() {
        fixtures.deployment(Workload.of("dev", "worker", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.snapshot().targets().stream()
                .anyMatch(t -> t.ref().equals(TargetRef.deployment("dev", "worker"))));

        kube.client().apps().deployments().inNamespace("dev").withName("worker").edit(d -> {
            d.getMetadata().setAnnotations(Map.of("scaligator.io/exclude", "true"));
            return d;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.snapshot().targets().stream()
                .anyMatch(t -> t.ref().equals(TargetRef.deployment("dev", "worker")) && t.excluded()));

        kube.client().apps().deployments().inNamespace("dev").withName("worker").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.snapshot().targets().stream()
                .noneMatch(t -> t.ref().equals(TargetRef.deployment("dev", "worker"))));
    }
}
