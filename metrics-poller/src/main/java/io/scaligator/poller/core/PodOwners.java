package io.scaligator.poller.core;

import io.scaligator.common.target.TargetRef;

/** Attributes a pod to the workload that controls it, from the pods' ownerReferences (never from its name). */
@FunctionalInterface
public interface PodOwners {

    /** The owning Deployment or StatefulSet, or null when the pod is unknown or not owned by one. */
    TargetRef ownerOf(String namespace, String pod);
}
