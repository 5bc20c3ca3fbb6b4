package io.scaligator.receiver.core;

import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import java.util.Map;

/**
 * Maps an alert's labels to the workload it is about, in this order: {@code scaligator_target}; then
 * {@code namespace} + {@code deployment} or {@code statefulset}; then {@code namespace} + {@code pod}, resolved
 * through the pod's ownerReferences. Whatever cannot be mapped gets a reason instead of a target.
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

    public Mapping map(Map<String, String> labels) {
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
            return workload(namespace, Kind.Deployment, labels.get("deployment"));
        }
        if (labels.containsKey("statefulset")) {
            return workload(namespace, Kind.StatefulSet, labels.get("statefulset"));
        }
        String pod = labels.get("pod");
        if (pod == null) {
            return Mapping.unmapped("label namespace=" + namespace + " but no deployment, statefulset or pod label");
        }
        PodOwnerResolver.Resolution resolution = pods.resolve(namespace, pod);
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
