package io.scaligator.poller.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import io.scaligator.common.target.TargetRef;
import io.scaligator.kube.Fabric8Targets;
import io.scaligator.kube.ThinStore;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.ClusterView;
import io.scaligator.poller.core.TargetState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as fabric8 informers see it, per watched namespace or across the cluster (watch_namespaces "*"):
 * Deployments, StatefulSets, the configured custom kinds and autoscaling/v2 HPAs (the targets), and ReplicaSets and
 * Pods (only their controller owner, to attribute pod series to workloads). KEDA ScaledObjects are listed once per
 * snapshot ({@link CustomResources}), so a cluster without KEDA costs nothing but a 404. Informers list once, then
 * watch; on API faults they re-list and re-watch with backoff on their own while the caches keep serving the last
 * known state. Only workloads the {@link NamespaceScope} allows become targets.
 */
public final class KubeCluster implements ClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(KubeCluster.class);
    private static final long LIST_PAGE = 500;
    /** The key of the one set of caches that watches every namespace. */
    private static final String ANY_NAMESPACE = "*";

    /** The caches of one namespace, or of all namespaces. */
    private record Caches(
            String namespace,
            ThinStore<Deployment> deployments,
            ThinStore<StatefulSet> statefulSets,
            Map<Kind, ThinStore<GenericKubernetesResource>> custom,
            ThinStore<ReplicaSet> replicaSets,
            ThinStore<Pod> pods,
            ThinStore<HorizontalPodAutoscaler> hpas) {}

    private final Map<String, Caches> caches = new HashMap<>();
    private final Map<String, SharedIndexInformer<?>> informers = new HashMap<>();
    private final NamespaceScope scope;
    private final CustomResources scaledObjects;

    private KubeCluster(NamespaceScope scope, CustomResources scaledObjects) {
        this.scope = scope;
        this.scaledObjects = scaledObjects;
    }

    /**
     * Starts the informers for the scope's namespaces (the whole cluster for "*") and the given custom kinds;
     * returns at once (see {@link #syncStatus()}).
     */
    public static KubeCluster start(KubernetesClient client, NamespaceScope scope, List<Kind> customKinds) {
        KubeCluster cluster = new KubeCluster(scope, new CustomResources(client));
        List<String> namespaces = scope.allNamespaces() ? List.of(ANY_NAMESPACE) : scope.scalable();
        for (String ns : namespaces) {
            Map<Kind, ThinStore<GenericKubernetesResource>> custom = new LinkedHashMap<>();
            customKinds.forEach(kind -> custom.put(kind, new ThinStore<>(Slim::custom)));
            Caches c = new Caches(
                    ns,
                    new ThinStore<>(Slim::deployment),
                    new ThinStore<>(Slim::statefulSet),
                    custom,
                    new ThinStore<>(Slim::replicaSet),
                    new ThinStore<>(Slim::pod),
                    new ThinStore<>(Slim::hpa));
            cluster.caches.put(ns, c);
            cluster.inform(ns, "deployments", in(ns, client.apps().deployments()), c.deployments());
            cluster.inform(ns, "statefulsets", in(ns, client.apps().statefulSets()), c.statefulSets());
            custom.forEach((kind, store) -> cluster.inform(
                    ns,
                    kind.plural() + "." + kind.group(),
                    in(ns, client.genericKubernetesResources(Fabric8Targets.context(kind))),
                    store));
            cluster.inform(ns, "replicasets", in(ns, client.apps().replicaSets()), c.replicaSets());
            cluster.inform(ns, "pods", in(ns, client.pods()), c.pods());
            cluster.inform(
                    ns,
                    "horizontalpodautoscalers",
                    in(ns, client.autoscaling().v2().horizontalPodAutoscalers()),
                    c.hpas());
        }
        return cluster;
    }

    private static <T extends HasMetadata> Informable<T> in(String ns, MixedOperation<T, ?, ?> operation) {
        return ns.equals(ANY_NAMESPACE) ? operation.inAnyNamespace() : operation.inNamespace(ns);
    }

    private <T extends HasMetadata> void inform(String ns, String resource, Informable<T> source, ThinStore<T> store) {
        String name = (ns.equals(ANY_NAMESPACE) ? "all namespaces" : ns) + "/" + resource;
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
        for (Caches c : caches.values()) {
            Map<String, List<Autoscaler>> autoscalers = new HashMap<>();
            c.hpas().values().forEach(hpa -> add(autoscalers, Fabric8Targets.autoscaler(hpa)));
            scaledObjects.scaledObjectsIn(c.namespace()).forEach(so -> add(autoscalers, so));
            addTargets(
                    targets,
                    c.deployments(),
                    Kind.DEPLOYMENT,
                    d -> d.getSpec().getReplicas(),
                    d -> d.getStatus().getReadyReplicas(),
                    autoscalers);
            addTargets(
                    targets,
                    c.statefulSets(),
                    Kind.STATEFUL_SET,
                    s -> s.getSpec().getReplicas(),
                    s -> s.getStatus().getReadyReplicas(),
                    autoscalers);
            c.custom()
                    .forEach((kind, store) ->
                            addTargets(targets, store, kind, Slim::specReplicas, Slim::readyReplicas, autoscalers));
        }
        return new ClusterSnapshot(targets, this::ownerOf);
    }

    private static void add(Map<String, List<Autoscaler>> byTarget, Autoscaler autoscaler) {
        if (autoscaler != null) {
            byTarget.computeIfAbsent(autoscaler.namespace() + "/" + autoscaler.targetName(), k -> new ArrayList<>())
                    .add(autoscaler);
        }
    }

    private <T extends HasMetadata> void addTargets(
            List<TargetState> into,
            ThinStore<T> store,
            Kind kind,
            Function<T, Integer> spec,
            Function<T, Integer> ready,
            Map<String, List<Autoscaler>> autoscalers) {
        store.values().forEach(item -> {
            String namespace = item.getMetadata().getNamespace();
            if (!scope.mayScale(namespace)) {
                return;
            }
            String name = item.getMetadata().getName();
            TargetRef ref;
            try {
                ref = new TargetRef(namespace, kind, name);
            } catch (IllegalArgumentException notATarget) {
                return; // a name Scaligator cannot address (the API server allows none such for these kinds)
            }
            Integer specReplicas = spec.apply(item);
            Integer readyReplicas = ready.apply(item);
            into.add(new TargetState(
                    ref,
                    // The API server defaults spec.replicas to 1; status is absent until the controller wrote it.
                    specReplicas == null ? 1 : specReplicas,
                    readyReplicas == null ? 0 : readyReplicas,
                    item.getMetadata().getAnnotations(),
                    OtherAutoscalers.ownerOf(ref, autoscalers.getOrDefault(namespace + "/" + name, List.of()))));
        });
    }

    /**
     * The workload running a pod, through controller ownerReferences: Pod -> ReplicaSet -> Deployment (or a custom
     * kind that runs ReplicaSets, such as an Argo Rollout), or Pod -> StatefulSet or a custom kind.
     */
    TargetRef ownerOf(String namespace, String podName) {
        Caches c = caches.get(scope.allNamespaces() ? ANY_NAMESPACE : namespace);
        Pod pod = c == null ? null : c.pods().get(namespace, podName);
        OwnerReference owner = pod == null ? null : Slim.controller(pod);
        if (owner == null) {
            return null;
        }
        if ("ReplicaSet".equals(owner.getKind())) {
            ReplicaSet rs = c.replicaSets().get(namespace, owner.getName());
            owner = rs == null ? null : Slim.controller(rs);
            if (owner == null) {
                return null;
            }
        }
        String name = owner.getName();
        return Kind.ofOwner(owner.getApiVersion(), owner.getKind())
                .map(kind -> new TargetRef(namespace, kind, name))
                .orElse(null);
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::stop);
    }
}
