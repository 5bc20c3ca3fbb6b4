package io.scaligator.receiver.core;

import io.scaligator.common.target.TargetRef;

/** Finds the scalable workload that owns a pod, following ownerReferences (never by guessing from the name). */
public interface PodOwnerResolver {

    /** The outcome of one lookup. */
    sealed interface Resolution {}

    /** The pod belongs to this workload. */
    record Owned(TargetRef target) implements Resolution {}

    /** The pod definitely belongs to no scalable workload (no owner, a DaemonSet, a Job, ...); safe to cache. */
    record NotScalable(String reason) implements Resolution {}

    /** The lookup failed or the pod does not exist (yet or any more); cached only briefly, then retried. */
    record Failed(String reason) implements Resolution {}

    Resolution resolve(String namespace, String pod);

    /** As {@link #resolve(String, String)}, charging the lookup to a request's budget; none left: Failed. */
    default Resolution resolve(String namespace, String pod, LookupBudget budget) {
        return budget.take() ? resolve(namespace, pod) : new Failed(budget.spentReason());
    }

    /** For deployments that turn pod resolution off: every pod-only alert stays unmapped with this reason. */
    static PodOwnerResolver disabled() {
        return (namespace, pod) -> new NotScalable("pod resolution is disabled (receiver.resolve_pods = false)");
    }
}
