package io.scaligator.local.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the benchmark's Deployments through the API (a fabric8 watch on its own client) and remembers, per
 * target, when each spec.replicas value was first seen: the moment a change became visible to any API client.
 */
final class ReplicaWatch implements AutoCloseable {

    /** One target's history: the highest spec.replicas seen so far and when each new high was first seen. */
    private static final class History {
        private int highest;
        private final List<long[]> highs = new ArrayList<>(); // {replicas, nanoTime}
    }

    private final History[] histories;
    private final Watch watch;
    private volatile String closedBecause;

    ReplicaWatch(KubernetesClient client, String namespace, Targets targets) {
        histories = new History[targets.count()];
        for (int i = 0; i < histories.length; i++) {
            histories[i] = new History();
        }
        watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {
                long now = System.nanoTime();
                Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
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
        History h = histories[index];
        synchronized (h) {
            if (replicas > h.highest) {
                h.highest = replicas;
                h.highs.add(new long[] {replicas, nanoTime});
            }
        }
    }

    /** The nanoTime spec.replicas of the target was first seen at or above {@code replicas}, or -1. */
    long firstReached(int index, int replicas) {
        History h = histories[index];
        synchronized (h) {
            for (long[] high : h.highs) {
                if (high[0] >= replicas) {
                    return high[1];
                }
            }
            return -1;
        }
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
