package io.scaligator.receiver.core;

import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps an alert's labels to the workload it is about, in this order: {@code scaligator_target}; then
 * {@code namespace} + {@code deployment} or {@code statefulset}; then {@code namespace} + {@code pod}, resolved
 * through the pod's ownerReferences. Whatever cannot be mapped gets a reason instead of a target. A pod is looked
 * up only when its namespace may be scaled and both names are valid Kubernetes names, and only within the request's
 * {@link LookupBudget}: alert labels are attacker-controllable and each lookup is a Kubernetes API call.
 */
public final class TargetMapper {

    /** Label that names the target explicitly, as {@code ns/Kind/name} or {@code ns/name} (a Deployment). */
    public static final String TARGET_LABEL = "scaligator_target";

    /** Exactly one of target and unmappedReason is set. */
    public record Mapping(TargetRef target, String unmappedReason) {

        static Mapping of(TargetRef target) {
            return new Mapping(target, null);
        }

        static Mapping unmapped(String reason) {
            return new Mapping(null, reason);
        }
    }

    private final PodOwnerResolver pods;

    public TargetMapper(PodOwnerResolver pods) {
        this.pods = pods;
    }

    /**
     * @param notAllowedReason for a namespace, why it may not be scaled, or null when it may
     * @param budget the pod lookups the current request may still make
     */
    public Mapping map(Map<String, String> labels, Function<String, String> notAllowedReason, LookupBudget budget) {
        String explicit = labels.get(TARGET_LABEL);
        if (explicit != null) {
            try {
                return Mapping.of(TargetNames.parse(explicit));
            } catch (IllegalArgumentException e) {
                return Mapping.unmapped("label " + TARGET_LABEL + " is invalid: " + e.getMessage());
            }
        }
        String namespace = labels.get("namespace");
        if (namespace == null) {
            return Mapping.unmapped("no " + TARGET_LABEL + " label and no namespace label");
        }
        if (labels.containsKey("deployment")) {
            return workload(namespace, Kind.DEPLOYMENT, labels.get("deployment"));
        }
        if (labels.containsKey("statefulset")) {
            return workload(namespace, Kind.STATEFUL_SET, labels.get("statefulset"));
        }
        String pod = labels.get("pod");
        if (pod == null) {
            return Mapping.unmapped("label namespace=" + namespace + " but no deployment, statefulset or pod label");
        }
        try {
            // a pod name follows the rules of a workload name (DNS-1123 subdomain), so TargetRef checks both
            new TargetRef(namespace, Kind.DEPLOYMENT, pod);
        } catch (IllegalArgumentException e) {
            return Mapping.unmapped("labels namespace and pod name no valid pod: " + e.getMessage());
        }
        String refusal = notAllowedReason.apply(namespace);
        if (refusal != null) {
            return Mapping.unmapped("pod " + namespace + "/" + pod + " not looked up: " + refusal);
        }
        PodOwnerResolver.Resolution resolution = pods.resolve(namespace, pod, budget);
        if (resolution instanceof PodOwnerResolver.Owned owned) {
            return Mapping.of(owned.target());
        }
        if (resolution instanceof PodOwnerResolver.NotScalable not) {
            return Mapping.unmapped("pod " + namespace + "/" + pod + ": " + not.reason());
        }
        return Mapping.unmapped("pod " + namespace + "/" + pod + " could not be resolved: "
                + ((PodOwnerResolver.Failed) resolution).reason());
    }

    private static Mapping workload(String namespace, Kind kind, String name) {
        try {
            return Mapping.of(new TargetRef(namespace, kind, name));
        } catch (IllegalArgumentException e) {
            return Mapping.unmapped("labels name no valid " + kind + ": " + e.getMessage());
        }
    }
}
