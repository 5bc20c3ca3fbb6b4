package io.scaligator.actuator.kube;

import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.target.TargetRef;

/**
 * The Kubernetes workloads the actuator scales: read their state, apply one conditional patch. Called from
 * several threads at once, but never for the same workload at once.
 */
public interface WorkloadScaler extends AutoCloseable {

    /**
     * Reads the workload's replicas, resourceVersion, applied-command annotations and any autoscaler targeting it;
     * null if the workload does not exist.
     *
     * @throws RetriableKubeException on 429, 5xx, timeouts; {@link KubeApiException} on other failures
     */
    WorkloadState read(TargetRef target);

    /**
     * Reads the workload from the API server itself, never from a cache: for confirming a verdict that a cached
     * copy, possibly a watch event behind, would give. The same as {@link #read} for a scaler without a cache.
     *
     * @throws RetriableKubeException on 429, 5xx, timeouts; {@link KubeApiException} on other failures
     */
    default WorkloadState readFresh(TargetRef target) {
        return read(target);
    }

    /**
     * Applies the patch if the workload's resourceVersion is still the patch's.
     *
     * @throws ConflictException if it changed (409); {@link RetriableKubeException} on 429, 5xx, timeouts;
     *         {@link KubeApiException} on other failures
     */
    void apply(TargetRef target, ScalePatch patch);

    /** Releases what the scaler holds (informers, caches); nothing by default. */
    @Override
    default void close() {}
}
