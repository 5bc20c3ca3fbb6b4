package io.scaligator.local;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaligator.testkit.KubeFixtures;
import io.scaligator.testkit.MockKube;
import io.scaligator.testkit.Workload;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Kubernetes API (the fabric8 mock server, in memory) seeded with sample Deployments, plus a stand-in
 * for the controllers that would make a Deployment's pods ready: it copies spec.replicas into status. Nothing runs.
 */
final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

    /** The sample workloads: namespace, name, replicas. */
    static final List<Workload> SAMPLES = List.of(
            Workload.of("default", "web", 2),
            Workload.of("default", "api", 1),
            Workload.of("dev", "web", 2));

    private final MockKube kube;
    private final SharedIndexInformer<Deployment> readiness;

    private SimulatedCluster(MockKube kube, SharedIndexInformer<Deployment> readiness) {
        this.kube = kube;
        this.readiness = readiness;
    }

    static SimulatedCluster start() {
        MockKube kube = MockKube.startUnrecorded();
        KubeFixtures fixtures = kube.fixtures();
        for (Workload sample : SAMPLES) {
            Deployment deployment = fixtures.deployment(sample);
            for (int i = 0; i < sample.replicas(); i++) {
                fixtures.deploymentPod(deployment, "pod" + i);
            }
        }
        SharedIndexInformer<Deployment> readiness = kube.client().apps().deployments().inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        markReady(fixtures, deployment);
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment after) {
                        markReady(fixtures, after);
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                        // nothing to simulate for a deleted workload
                    }
                });
        return new SimulatedCluster(kube, readiness);
    }

    KubernetesClient client() {
        return kube.client();
    }

    String masterUrl() {
        return kube.masterUrl();
    }

    private static void markReady(KubeFixtures fixtures, Deployment deployment) {
        Integer wanted = deployment.getSpec().getReplicas();
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        if (wanted != null && !Objects.equals(wanted, ready)) {
            String ns = deployment.getMetadata().getNamespace();
            String name = deployment.getMetadata().getName();
            try {
                fixtures.deploymentReady(deployment);
            } catch (RuntimeException e) {
                // A concurrent write (e.g. the actuator's patch) won; the next update event tries again.
                LOG.debug("simulated readiness of {}/Deployment/{} deferred: {}", ns, name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        readiness.close();
        kube.close();
    }
}
