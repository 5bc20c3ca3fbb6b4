package io.scaligator.poller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.ClusterView;
import io.scaligator.poller.core.TargetState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as fabric8 informers see it: per watched namespace, Deployments, StatefulSets and autoscaling/v2
 * HPAs (the targets), and ReplicaSets and Pods (only their controller owner, to attribute pod series to
 * workloads). Informers list once, then watch; on API faults they re-list and re-watch with backoff on their own
 * while the caches keep serving the last known state.
 */
public final class KubeCluster implements ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(KubeCluster.class);
    private static final long LIST_PAGE = 500;
    private static final String HPA = "HorizontalPodAutoscaler/";

    /** The five caches of one namespace. */
    private record NamespaceCaches(
            String namespace,
            ThinStore<Deployment> deployments,
            ThinStore<StatefulSet> statefulSets,
            ThinStore<ReplicaSet> replicaSets,
            ThinStore<Pod> pods,
            ThinStore<HorizontalPodAutoscaler> hpas) {}

    private final Map<String, NamespaceCaches> caches = new HashMap<>();
    private final Map<String, SharedIndexInformer<?>> informers = new HashMap<>();

    private KubeCluster() {}

    /** Starts the informers of every namespace; returns at once (see {@link #syncStatus()}). */
    public static KubeCluster start(KubernetesClient client, List<String> namespaces) {
        KubeCluster cluster = new KubeCluster();
        for (String ns : namespaces) {
            NamespaceCaches c = new NamespaceCaches(
                    ns,
                    new ThinStore<>(Slim::deployment),
                    new ThinStore<>(Slim::statefulSet),
                    new ThinStore<>(Slim::replicaSet),
                    new ThinStore<>(Slim::pod),
                    new ThinStore<>(Slim::hpa));
            cluster.caches.put(ns, c);
            cluster.inform(ns, "deployments", client.apps().deployments().inNamespace(ns), c.deployments());
            cluster.inform(ns, "statefulsets", client.apps().statefulSets().inNamespace(ns), c.statefulSets());
            cluster.inform(ns, "replicasets", client.apps().replicaSets().inNamespace(ns), c.replicaSets());
            cluster.inform(ns, "pods", client.pods().inNamespace(ns), c.pods());
            cluster.inform(
                    ns,
                    "horizontalpodautoscalers",
                    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns),
                    c.hpas());
        }
        return cluster;
    }

    private <T extends HasMetadata> void inform(String ns, String resource, Informable<T> source, ThinStore<T> store) {
        String name = ns + "/" + resource;
        SharedIndexInformer<T> informer = source.withLimit(LIST_PAGE).runnableInformer(0);
        informer.itemStore(store);
        informer.exceptionHandler(retryAlways(name));
        informers.put(name, informer);
        informer.start().whenComplete((ok, error) -> {
            if (error == null) {
                LOG.info("informer {} synced: {} items", name, store.size());
            } else {
                LOG.error("informer {} stopped: {}", name, error.toString());
            }
        });
    }

    /**
     * fabric8 by default gives up when the very first list fails (e.g. the API server is down at start); the
     * poller instead keeps retrying with fabric8's backoff, and stays not-ready until the cache has synced.
     */
    private static ExceptionHandler retryAlways(String name) {
        return (isStarted, error) -> {
            if (ExceptionHandler.isDeserializationException(error)) {
                LOG.error("informer {}: cannot read the API's answer, stopping: {}", name, error.toString());
                return false;
            }
            LOG.warn(
                    "informer {}: {} ; retrying with backoff, the cache serves its last state meanwhile",
                    name,
                    error.toString());
            return true;
        };
    }

    /**
     * Not ready until every informer has completed its first list. Afterwards a lost watch (API server down)
     * keeps the poller ready, because cycles go on from the cache, but the detail names what is retrying.
     */
    @Override
    public HealthCheck.Status syncStatus() {
        List<String> pending = informers.entrySet().stream()
                .filter(e -> !e.getValue().hasSynced())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (!pending.isEmpty()) {
            return HealthCheck.Status.notReady("not synced yet: " + String.join(", ", pending));
        }
        List<String> retrying = informers.entrySet().stream()
                .filter(e -> !e.getValue().isWatching())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return HealthCheck.Status.ready(informers.size() + " informers synced"
                + (retrying.isEmpty()
                        ? ""
                        : "; watch lost, retrying with backoff (serving cached state): "
                                + String.join(", ", retrying)));
    }

    @Override
    public ClusterSnapshot snapshot() {
        List<TargetState> targets = new ArrayList<>();
        for (NamespaceCaches c : caches.values()) {
            Map<String, String> autoscalers = new HashMap<>();
            c.hpas().values().forEach(hpa -> {
                CrossVersionObjectReference ref =
                        hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
                if (ref != null) {
                    autoscalers.merge(
                            ref.getKind() + "/" + ref.getName(),
                            HPA + hpa.getMetadata().getName(),
                            (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            });
            addTargets(
                    targets,
                    c.deployments(),
                    Kind.Deployment,
                    d -> d.getSpec().getReplicas(),
                    d -> d.getStatus().getReadyReplicas(),
                    autoscalers);
            addTargets(
                    targets,
                    c.statefulSets(),
                    Kind.StatefulSet,
                    s -> s.getSpec().getReplicas(),
                    s -> s.getStatus().getReadyReplicas(),
                    autoscalers);
        }
        return new ClusterSnapshot(targets, this::ownerOf);
    }

    private static <T extends HasMetadata> void addTargets(
            List<TargetState> into,
            ThinStore<T> store,
            Kind kind,
            Function<T, Integer> spec,
            Function<T, Integer> ready,
            Map<String, String> autoscalers) {
        store.values().forEach(item -> {
            Map<String, String> annotations = item.getMetadata().getAnnotations();
            String name = item.getMetadata().getName();
            Integer specReplicas = spec.apply(item);
            Integer readyReplicas = ready.apply(item);
            into.add(new TargetState(
                    new TargetRef(item.getMetadata().getNamespace(), kind, name),
                    // The API server defaults spec.replicas to 1; status is absent until the controller wrote it.
                    specReplicas == null ? 1 : specReplicas,
                    readyReplicas == null ? 0 : readyReplicas,
                    annotations,
                    autoscalers.get(kind.name() + "/" + name)));
        });
    }

    /** Pod -> ReplicaSet -> Deployment, or Pod -> StatefulSet, through controller ownerReferences. */
    TargetRef ownerOf(String namespace, String podName) {
        NamespaceCaches c = caches.get(namespace);
        Pod pod = c == null ? null : c.pods().get(namespace, podName);
        OwnerReference owner = pod == null ? null : Slim.controller(pod);
        if (owner == null) {
            return null;
        }
        if ("StatefulSet".equals(owner.getKind())) {
            return new TargetRef(namespace, Kind.StatefulSet, owner.getName());
        }
        if ("ReplicaSet".equals(owner.getKind())) {
            ReplicaSet rs = c.replicaSets().get(namespace, owner.getName());
            OwnerReference rsOwner = rs == null ? null : Slim.controller(rs);
            if (rsOwner != null && "Deployment".equals(rsOwner.getKind())) {
                return new TargetRef(namespace, Kind.Deployment, rsOwner.getName());
            }
        }
        return null;
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::stop);
    }
}
