package io.scaligator.embedded.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A simulated Kubernetes API (the fabric8 mock server, in memory) seeded with sample Deployments, their pods and a
 * ready status, plus {@link SimulatedReadiness}, the stand-in for the controllers that would make a Deployment's
 * pods ready. Nothing runs.
 */
public final class SimulatedCluster implements AutoCloseable {

    /** The sample workloads: namespace, name, replicas. */
    public static final List<Workload> SAMPLES =
            List.of(Workload.of("default", "web", 2), Workload.of("default", "api", 1), Workload.of("dev", "web", 2));

    private final MockKube kube;
    private final SimulatedReadiness readiness;

    private SimulatedCluster(MockKube kube, SimulatedReadiness readiness) {
        this.kube = kube;
        this.readiness = readiness;
    }

    /** Starts the mock API server on a free loopback port, seeds the samples and starts the readiness stand-in. */
    public static SimulatedCluster start() {
        MockKube kube = MockKube.startUnrecorded();
        KubeFixtures fixtures = kube.fixtures();
        for (Workload sample : SAMPLES) {
            Deployment deployment = fixtures.deployment(sample);
            for (int i = 0; i < sample.replicas(); i++) {
                fixtures.deploymentPod(deployment, "pod" + i);
            }
            fixtures.deploymentReady(deployment);
        }
        return new SimulatedCluster(kube, SimulatedReadiness.start(kube.client()));
    }

    /** A client of the simulated API, closed with the cluster. */
    public KubernetesClient client() {
        return kube.client();
    }

    /** The simulated API's base URL. */
    public String masterUrl() {
        return kube.masterUrl();
    }

    @Override
    public void close() {
        readiness.close();
        kube.close();
    }
}
