package io.scaligator.embedded.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated cluster's stand-in controllers: a Deployment's ready count follows its spec.replicas. */
class SimulatedClusterIT {

    private SimulatedCluster cluster;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theSamplesStartReady() {
        for (Workload sample : SimulatedCluster.SAMPLES) {
            assertThat(readyReplicas(sample.namespace(), sample.name()))
                    .as(sample.toString())
                    .isEqualTo(sample.replicas());
        }
    }

    @Test
    void aScaledDeploymentBecomesReadyAtItsNewCountAfterEveryChange() {
        for (int replicas : new int[] {5, 0, 3}) {
            cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace("default")
                    .withName("web")
                    .edit(d -> {
                        d.getSpec().setReplicas(replicas);
                        return d;
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> readyReplicas("default", "web") == replicas);
        }
    }

    @Test
    void aDeploymentCreatedLaterBecomesReady() {
        new KubeFixtures(cluster.client()).deployment(Workload.of("dev", "later", 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> readyReplicas("dev", "later") == 3);
    }

    private int readyReplicas(String namespace, String name) {
        Deployment deployment = cluster.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready == null ? -1 : ready;
    }
}
