package io.scaligator.poller.core;

import io.scaligator.common.ops.HealthCheck;

/** The poller's read-only view of the cluster's workloads, kept current in the background. */
public interface ClusterView extends AutoCloseable {

    /** The targets now, with their pods' owners. Cheap: served from caches, no API call. */
    ClusterSnapshot snapshot();

    /** Whether every cache has completed its first list (ready), with a detail naming any that has not. */
    HealthCheck.Status syncStatus();

    @Override
    void close();
}
