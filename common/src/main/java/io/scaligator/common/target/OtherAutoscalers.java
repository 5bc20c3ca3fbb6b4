package io.scaligator.common.target;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one rule of which other autoscaler owns a workload: an autoscaling/v2 HPA or a KEDA ScaledObject whose
 * scaleTargetRef names it. KEDA scales through an HPA it owns; that HPA is reported as its ScaledObject, so the
 * reason names what a person has to look at. Scaligator never touches a workload another autoscaler owns.
 */
public final class OtherAutoscalers {

    /** The HPA kind. */
    public static final String HPA = "HorizontalPodAutoscaler";
    /** KEDA's kind, as in an HPA's ownerReference. */
    public static final String SCALED_OBJECT = "ScaledObject";
    /** KEDA's ScaledObject resource (read, never scaled). */
    public static final Kind KEDA_SCALED_OBJECT = new Kind("keda.sh", "v1alpha1", SCALED_OBJECT, "scaledobjects");

    /**
     * One autoscaler as read from the API: its kind (HPA or ScaledObject), namespace and name, its scaleTargetRef
     * (apiVersion and kind may be empty: KEDA defaults them to a Deployment) and, for an HPA, the name of the
     * ScaledObject that owns it, if any.
     */
    public record Autoscaler(
            String kind,
            String namespace,
            String name,
            String targetApiVersion,
            String targetKind,
            String targetName,
            String ownerScaledObject) {

        /** What a refusal names: {@code HorizontalPodAutoscaler ns/name} or {@code keda ScaledObject ns/name}. */
        public String describe() {
            if (kind.equals(SCALED_OBJECT)) {
                return "keda ScaledObject " + namespace + "/" + name;
            }
            if (ownerScaledObject != null) {
                return "keda ScaledObject " + namespace + "/" + ownerScaledObject;
            }
            return kind + " " + namespace + "/" + name;
        }

        boolean targets(TargetRef target) {
            String refKind = targetKind == null || targetKind.isEmpty() ? Kind.DEPLOYMENT.name() : targetKind;
            return target.namespace().equals(namespace)
                    && target.name().equals(targetName)
                    && target.kind().matches(targetApiVersion, refKind);
        }
    }

    private OtherAutoscalers() {}

    /**
     * An HPA from its scaleTargetRef and its owners (kind -> name, from its ownerReferences): one owned by a
     * ScaledObject is KEDA's, and is reported as that ScaledObject.
     */
    public static Autoscaler hpa(
            String namespace,
            String name,
            String apiVersion,
            String kind,
            String target,
            List<Map.Entry<String, String>> owners) {
        String scaledObject = owners.stream()
                .filter(o -> SCALED_OBJECT.equals(o.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        return new Autoscaler(HPA, namespace, name, apiVersion, kind, target, scaledObject);
    }

    /**
     * A ScaledObject from its spec as the API returns it (a JSON tree of maps); null if it names no target. KEDA
     * defaults the target to a Deployment.
     */
    public static Autoscaler scaledObject(String namespace, String name, Object spec) {
        Object ref = spec instanceof Map<?, ?> s ? s.get("scaleTargetRef") : null;
        if (!(ref instanceof Map<?, ?> target) || !(target.get("name") instanceof String targetName)) {
            return null;
        }
        return new Autoscaler(
                SCALED_OBJECT,
                namespace,
                name,
                target.get("apiVersion") instanceof String v ? v : null,
                target.get("kind") instanceof String k ? k : null,
                targetName,
                null);
    }

    /**
     * The autoscaler that owns the target, described for a refusal, or null if none does. Of several, the first by
     * description, so the answer does not depend on list order.
     */
    public static String ownerOf(TargetRef target, List<Autoscaler> autoscalers) {
        return autoscalers.stream()
                .filter(a -> a.targets(target))
                .map(Autoscaler::describe)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }
}
