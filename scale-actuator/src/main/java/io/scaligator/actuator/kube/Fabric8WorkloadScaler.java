package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.SafeText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkloadScaler} on the fabric8 client. For Deployments and StatefulSets: reads come from a
 * {@link WorkloadCache} (informers) when it can answer and is not behind this actuator's own last write to the
 * workload ({@link OwnWrites}), else from the API server; a read costs no request in the common case. Patches the
 * Deployment/StatefulSet itself rather than its /scale subresource: only there can replicas and the
 * applied-command annotations change in one conditional write (the API server ignores metadata changes sent to
 * /scale). A cached read that was stale ends in a 409, and the command is decided again on a fresh read. Custom
 * kinds go through {@link ScaleSubresource}. Every read names the other autoscaler (HPA, KEDA ScaledObject) owning
 * the workload, if any ({@link KubeAutoscalers}). RBAC: get, list, watch, patch on the workloads; list, watch on
 * HPAs and KEDA ScaledObjects; see ScaleSubresource for custom kinds.
 */
public final class Fabric8WorkloadScaler implements WorkloadScaler {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8WorkloadScaler.class);

    private final KubernetesClient client;
    private final OwnWrites ownWrites = new OwnWrites();
    private final WorkloadCache cache;
    private final KubeAutoscalers autoscalers;
    private final ScaleSubresource scaleSubresource;

    private Fabric8WorkloadScaler(KubernetesClient client, List<String> namespaces) {
        this.client = client;
        this.cache = WorkloadCache.start(client, namespaces);
        this.autoscalers = new KubeAutoscalers(client, cache);
        this.scaleSubresource = new ScaleSubresource(client);
    }

    /**
     * A scaler for the workloads of these namespaces (all if empty), starting its cache's informers for Deployments,
     * StatefulSets and HPAs; configured custom kinds are read and scaled through their /scale subresource.
     */
    public static Fabric8WorkloadScaler start(KubernetesClient client, List<String> namespaces) {
        return new Fabric8WorkloadScaler(client, namespaces);
    }

    @Override
    public WorkloadState read(TargetRef target) {
        if (!target.kind().builtIn()) {
            return readCustom(target);
        }
        Optional<HasMetadata> cached = cache.workload(target);
        if (cached.isPresent()
                && ownWrites.cacheServes(
                        target,
                        cached.get().getMetadata().getResourceVersion(),
                        annotation(cached.get(), Annotations.LAST_COMMAND_ID))) {
            HasMetadata workload = cached.get();
            return stateOf(
                    target,
                    workload,
                    replicasOf(workload),
                    workload.getMetadata().getResourceVersion());
        }
        return readFromApi(target, cached);
    }

    @Override
    public WorkloadState readFresh(TargetRef target) {
        return target.kind().builtIn() ? readFromApi(target, cache.workload(target)) : readCustom(target);
    }

    private WorkloadState readFromApi(TargetRef target, Optional<HasMetadata> cached) {
        HasMetadata workload;
        try {
            workload = addressed(target).get();
        } catch (KubernetesClientException e) {
            throw translate("read " + target, e);
        }
        if (workload == null) {
            return null;
        }
        ownWrites.readFromApi(
                target,
                workload.getMetadata().getResourceVersion(),
                cached.map(w -> w.getMetadata().getResourceVersion()).orElse(null));
        return stateOf(
                target, workload, replicasOf(workload), workload.getMetadata().getResourceVersion());
    }

    /** A custom kind: never cached, its replicas and resourceVersion come from its /scale subresource. */
    private WorkloadState readCustom(TargetRef target) {
        ScaleSubresource.Read read = scaleSubresource.read(target);
        return read == null ? null : stateOf(target, read.object(), read.replicas(), read.resourceVersion());
    }

    private WorkloadState stateOf(TargetRef target, HasMetadata workload, int replicas, String resourceVersion) {
        Map<String, String> annotations = workload.getMetadata().getAnnotations() == null
                ? Map.of()
                : workload.getMetadata().getAnnotations();
        String recent = annotations.getOrDefault(Annotations.RECENT_COMMAND_IDS, "");
        return new WorkloadState(
                replicas,
                resourceVersion,
                workload.getMetadata().getUid(),
                annotations.get(Annotations.LAST_COMMAND_ID),
                instant(
                        target,
                        "annotation " + Annotations.LAST_DECIDED_AT,
                        annotations.get(Annotations.LAST_DECIDED_AT)),
                recent.isBlank() ? List.of() : Arrays.asList(recent.split(",")),
                autoscalers.ownerOf(target),
                Annotations.ours(annotations),
                instant(target, "creationTimestamp", workload.getMetadata().getCreationTimestamp()));
    }

    private static String annotation(HasMetadata workload, String key) {
        Map<String, String> annotations = workload.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    @Override
    public void apply(TargetRef target, ScalePatch patch) {
        if (!target.kind().builtIn()) {
            scaleSubresource.apply(target, patch);
            return;
        }
        HasMetadata patched;
        try {
            patched = addressed(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toJson());
        } catch (KubernetesClientException e) {
            KubeApiException failure = translatePatch("patch " + target, e);
            if (failure instanceof ConflictException) {
                ownWrites.conflicted(target);
            }
            throw failure;
        }
        ownWrites.wrote(target, patched.getMetadata().getResourceVersion(), patch.commandId());
    }

    /** Whether every informer of the cache has completed its first list (until then every read goes to the API). */
    public boolean cacheSynced() {
        return cache.synced();
    }

    /** Stops the cache's informers. */
    @Override
    public void close() {
        cache.close();
    }

    /**
     * The workload addressed through a stub carrying only its name: a GET reads it, and fabric8 sends a patch as
     * it is, where a bare {@code withName(..).patch(..)} would GET the object first.
     */
    private Resource<? extends HasMetadata> addressed(TargetRef target) {
        ObjectMeta name = new ObjectMetaBuilder()
                .withNamespace(target.namespace())
                .withName(target.name())
                .build();
        return target.kind().equals(Kind.DEPLOYMENT)
                ? client.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .resource(new DeploymentBuilder().withMetadata(name).build())
                : client.apps()
                        .statefulSets()
                        .inNamespace(target.namespace())
                        .resource(new StatefulSetBuilder().withMetadata(name).build());
    }

    private static int replicasOf(HasMetadata workload) {
        Integer replicas = workload instanceof Deployment d
                ? d.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API server's default
    }

    /** A time the workload carries (an annotation, its creationTimestamp); null if absent or unreadable. */
    private static Instant instant(TargetRef target, String what, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            LOG.warn("{}: ignoring unreadable {} {}", target, what, SafeText.of(text));
            return null;
        }
    }

    /**
     * A failed patch, sorted as {@link #translate}, except that a 404 is a conflict too: the workload was deleted since
     * it was read, and a fresh read settles the command (not found, or the workload created again since).
     */
    static KubeApiException translatePatch(String what, KubernetesClientException e) {
        if (e.getCode() == 404) {
            return new ConflictException(what + " failed: HTTP 404: the workload was deleted since it was read", e);
        }
        return translate(what, e);
    }

    /** Sorts an API failure into conflict, retriable or fatal; code 0 means no HTTP answer (I/O, timeout). */
    static KubeApiException translate(String what, KubernetesClientException e) {
        int code = e.getCode();
        String message = what + " failed: HTTP " + code + " " + Objects.toString(e.getMessage(), "");
        if (code == 409) {
            return new ConflictException(message, e);
        }
        if (code == 0 || code == 429 || code >= 500) {
            return new RetriableKubeException(message, e);
        }
        return new KubeApiException(message, e);
    }
}
