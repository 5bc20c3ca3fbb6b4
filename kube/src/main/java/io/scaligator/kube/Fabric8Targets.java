package io.scaligator.kube;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How the actuator and the poller name a scalable kind's resource and read an HPA, in fabric8's terms. */
public final class Fabric8Targets {

    private Fabric8Targets() {}

    /** The kind's resource, named in full so that no discovery request is needed. */
    public static ResourceDefinitionContext context(Kind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withKind(kind.name())
                .withPlural(kind.plural())
                .withNamespaced(true)
                .build();
    }

    /** An HPA as an autoscaler (reported as its ScaledObject when KEDA owns it), or null if it names no target. */
    public static Autoscaler autoscaler(HorizontalPodAutoscaler hpa) {
        CrossVersionObjectReference ref =
                hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        if (ref == null) {
            return null;
        }
        List<OwnerReference> owners =
                Objects.requireNonNullElse(hpa.getMetadata().getOwnerReferences(), List.of());
        return OtherAutoscalers.hpa(
                hpa.getMetadata().getNamespace(),
                hpa.getMetadata().getName(),
                ref.getApiVersion(),
                ref.getKind(),
                ref.getName(),
                owners.stream().map(o -> Map.entry(o.getKind(), o.getName())).toList());
    }
}
