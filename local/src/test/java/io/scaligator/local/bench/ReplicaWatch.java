package io.scaligator.local.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Watches the benchmark's Deployments through the API (a fabric8 watch on its own client) and remembers, per
 * target, when spec.replicas was first seen at or above each value: the moment a change became visible to any API
 * client.
 */
final class ReplicaWatch implements AutoCloseable {

    /** Per target, the highest spec.replicas seen so far; written by the watch's thread only. */
    private final int[] highest;

    private final ReplicaTimes reached;
    private final Watch watch;
    private volatile String closedBecause;

    /** Watches the targets, remembering replica counts up to {@code maxReplicas}. */
    ReplicaWatch(KubernetesClient client, String namespace, Targets targets, int maxReplicas) {
        highest = new int[targets.count()];
        reached = new ReplicaTimes(targets.count(), maxReplicas);
        watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                long now = System.nanoTime();
                Integer replicas = deployment.getSpec() == null
                        ? null
                        : deployment.getSpec().getReplicas();
                int index = targets.indexOf(deployment.getMetadata().getName());
                if (replicas != null && index >= 0) {
                    seen(index, replicas, now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                closedBecause = cause.getMessage();
            }
        });
    }

    private void seen(int index, int replicas, long nanoTime) {
        for (int r = highest[index] + 1; r <= replicas; r++) {
            reached.recordFirst(index, r, nanoTime);
        }
        highest[index] = Math.max(highest[index], replicas);
    }

    /** The nanoTime spec.replicas of the target was first seen at or above {@code replicas}, or -1. */
    long firstReached(int index, int replicas) {
        return reached.get(index, replicas);
    }

    /** Why the watch closed by itself, or null while it runs. */
    String closedBecause() {
        return closedBecause;
    }

    @Override
    public void close() {
        watch.close();
    }
}
