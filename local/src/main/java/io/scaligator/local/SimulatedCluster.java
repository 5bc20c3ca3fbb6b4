package io.scaligator.local;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scaligator.testkit.KubeFixtures;
import io.scaligator.testkit.MockKube;
import io.scaligator.testkit.Workload;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Kubernetes API (the fabric8 mock server, in memory) seeded with sample Deployments, plus a stand-in
 * for the controllers that would make a Deployment's pods ready: it copies spec.replicas into status. Nothing runs.
 *
 * <p>The stand-in works as a controller does: a watch puts each Deployment whose status lags its spec on a work
 * queue that holds one entry per Deployment, the latest wanted count winning, and one worker thread writes the
 * statuses. So the watch never waits for a write, and a burst of changes costs one small entry per Deployment, not
 * a queued copy of every object.
 */
final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

    /** The sample workloads: namespace, name, replicas. */
    static final List<Workload> SAMPLES = List.of(
            Workload.of("default", "web", 2),
            Workload.of("default", "api", 1),
            Workload.of("dev", "web", 2));

    /** What the readiness worker writes into one Deployment's status. */
    private record Wanted(String namespace, String name, int replicas, Long generation) {

        Deployment asSeen() {
            return new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                    .withGeneration(generation).endMetadata().withNewSpec().withReplicas(replicas).endSpec().build();
        }
    }

    private final MockKube kube;
    private final KubeFixtures fixtures;
    private final Map<String, Wanted> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final Watch watch;

    private SimulatedCluster(MockKube kube) {
        this.kube = kube;
        this.fixtures = kube.fixtures();
        for (Workload sample : SAMPLES) {
            Deployment deployment = fixtures.deployment(sample);
            for (int i = 0; i < sample.replicas(); i++) {
                fixtures.deploymentPod(deployment, "pod" + i);
            }
            fixtures.deploymentReady(deployment);
        }
        worker = new Thread(this::writeStatuses, "simulated-readiness");
        worker.setDaemon(true);
        worker.start();
        watch = kube.client().apps().deployments().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    statusLags(deployment);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.warn("simulated readiness stopped: the watch on Deployments closed ({}); Deployments keep "
                        + "their last status", cause.getMessage());
            }
        });
    }

    static SimulatedCluster start() {
        return new SimulatedCluster(MockKube.startUnrecorded());
    }

    KubernetesClient client() {
        return kube.client();
    }

    String masterUrl() {
        return kube.masterUrl();
    }

    /** Queues the Deployment's status write if its ready count differs from its spec; the latest spec wins. */
    private void statusLags(Deployment deployment) {
        Integer wanted = deployment.getSpec().getReplicas();
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        if (wanted != null && !Objects.equals(wanted, ready)) {
            String ns = deployment.getMetadata().getNamespace();
            String name = deployment.getMetadata().getName();
            if (pending.put(ns + "/" + name, new Wanted(ns, name, wanted, deployment.getMetadata().getGeneration()))
                    == null) {
                queue.add(ns + "/" + name);
            }
        }
    }

    private void writeStatuses() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Wanted wanted = pending.remove(queue.take());
                try {
                    fixtures.deploymentReady(wanted.asSeen());
                } catch (KubernetesClientException e) {
                    // Deleted meanwhile, or the server is closing; a later change queues it again.
                    LOG.debug("simulated readiness of {}/Deployment/{} not written: {}", wanted.namespace(),
                            wanted.name(), e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            // close() ends the worker
        }
    }

    @Override
    public void close() {
        watch.close();
        worker.interrupt();
        kube.close();
    }
}
