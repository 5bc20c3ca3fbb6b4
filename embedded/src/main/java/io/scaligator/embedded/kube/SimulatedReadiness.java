package io.scaligator.embedded.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster's stand-in for the controllers that make a Deployment's pods ready: it copies spec.replicas
 * into status. It works as a controller does: a watch puts each Deployment whose status lags its spec on a work
 * queue that holds one entry per Deployment, the latest wanted count winning, and one worker thread writes the
 * statuses. So the watch never waits for a write, and a burst of changes costs one small entry per Deployment, not
 * a queued copy of every object.
 */
final class SimulatedReadiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedReadiness.class);

    /** What the worker writes into one Deployment's status. */
    private record Wanted(String namespace, String name, int replicas, Long generation) {}

    private final KubeFixtures fixtures;
    private final Map<String, Wanted> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread worker = new Thread(this::writeStatuses, "simulated-readiness");
    private Watch watch;

    private SimulatedReadiness(KubeFixtures fixtures) {
        this.fixtures = fixtures;
    }

    /** Starts the worker and the watch on the Deployments of every namespace, for changes from now on. */
    static SimulatedReadiness start(KubernetesClient client) {
        SimulatedReadiness readiness = new SimulatedReadiness(new KubeFixtures(client));
        readiness.worker.setDaemon(true);
        readiness.worker.start();
        readiness.watch = client.apps().deployments().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    readiness.statusLags(deployment);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.warn(
                        "simulated readiness stopped: the watch on Deployments closed ({}); Deployments keep "
                                + "their last status",
                        cause.getMessage());
            }
        });
        return readiness;
    }

    /** Queues the Deployment's status write if its ready count differs from its spec; the latest spec wins. */
    private void statusLags(Deployment deployment) {
        Integer wanted = deployment.getSpec().getReplicas();
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        if (wanted != null && !Objects.equals(wanted, ready)) {
            String ns = deployment.getMetadata().getNamespace();
            String name = deployment.getMetadata().getName();
            String key = ns + "/" + name;
            if (pending.put(
                            key,
                            new Wanted(
                                    ns, name, wanted, deployment.getMetadata().getGeneration()))
                    == null) {
                queue.add(key);
            }
        }
    }

    private void writeStatuses() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Wanted wanted = pending.remove(queue.take());
                try {
                    fixtures.deploymentReady(wanted.namespace(), wanted.name(), wanted.replicas(), wanted.generation());
                } catch (KubernetesClientException e) {
                    // Deleted meanwhile, or the server is closing; a later change queues it again.
                    LOG.debug(
                            "simulated readiness of {}/Deployment/{} not written: {}",
                            wanted.namespace(),
                            wanted.name(),
                            e.getMessage());
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
    }
}
