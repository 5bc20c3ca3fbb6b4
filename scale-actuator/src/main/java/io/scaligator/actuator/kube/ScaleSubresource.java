package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.scaligator.common.target.TargetRef;
import io.scaligator.kube.Fabric8Targets;
import java.util.Map;

/**
 * A configured custom kind (an Argo Rollout, ...), read and scaled through its /scale subresource, so wherever
 * the kind keeps its replicas. The replicas and the applied-command annotations cannot change in one write here
 * (/scale ignores metadata): the scale write goes first, conditional on the resourceVersion the command was decided
 * on, then the annotations, conditional on the version that write produced. RBAC: get on the resource, get and
 * patch on its /scale, patch on the resource.
 */
final class ScaleSubresource {

    /** The object (for its metadata) with the replicas and resourceVersion its /scale shows. */
    record Read(GenericKubernetesResource object, int replicas, String resourceVersion) {}

    private final KubernetesClient client;

    ScaleSubresource(KubernetesClient client) {
        this.client = client;
    }

    /** The workload, or null if it does not exist. */
    Read read(TargetRef target) {
        try {
            GenericKubernetesResource object = addressed(target).get();
            if (object == null) {
                return null;
            }
            Scale scale = addressed(target).scale();
            if (scale == null) {
                return null;
            }
            Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
            return new Read(
                    object,
                    replicas != null ? replicas : specReplicasUnset(object) ? 1 : 0,
                    scale.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            throw Fabric8WorkloadScaler.translate("read " + target + " and its /scale", e);
        }
    }

    /**
     * Whether the object has no {@code spec.replicas}. /scale cannot tell (its replicas are omitted when 0, and an
     * unset count reads as 0), but the poller observes such a workload at 1, as the API server defaults a
     * Deployment and as Argo Rollouts run it, and the engine decides from that count: read any other way, every
     * command for it would be skipped as stale.
     */
    private static boolean specReplicasUnset(GenericKubernetesResource object) {
        Object spec = object.getAdditionalProperties().get("spec");
        return !(spec instanceof Map<?, ?> fields) || fields.get("replicas") == null;
    }

    /** Scales, then records the command; answers the workload's resourceVersion after both writes. */
    String apply(TargetRef target, ScalePatch patch) {
        GenericKubernetesResource scaled;
        try {
            scaled = addressed(target)
                    .subresource("scale")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.scaleJson());
        } catch (KubernetesClientException e) {
            throw Fabric8WorkloadScaler.translatePatch("patch " + target + "/scale", e);
        }
        try {
            return addressed(target)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            patch.annotationsJson(scaled.getMetadata().getResourceVersion()))
                    .getMetadata()
                    .getResourceVersion();
        } catch (KubernetesClientException e) {
            throw Fabric8WorkloadScaler.translate(
                    "record command " + patch.commandId() + " on " + target + " (already scaled to " + patch.replicas()
                            + ")",
                    e);
        }
    }

    /** Addressed through a stub carrying only the name, so a patch is sent as it is, without a GET first. */
    private Resource<GenericKubernetesResource> addressed(TargetRef target) {
        return client.genericKubernetesResources(Fabric8Targets.context(target.kind()))
                .inNamespace(target.namespace())
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion(target.kind().apiVersion())
                        .withKind(target.kind().name())
                        .withNewMetadata()
                        .withNamespace(target.namespace())
                        .withName(target.name())
                        .endMetadata()
                        .build());
    }
}
