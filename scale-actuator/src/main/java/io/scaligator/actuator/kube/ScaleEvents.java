package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;

/** Kubernetes Events on workloads, as the HPA controller writes them; best effort, never fails a command. */
public interface ScaleEvents {

    /** Event reasons, as {@code kubectl describe} shows them. */
    enum Reason {
        ScaledUp(false),
        ScaledDown(false),
        ScaleRefused(true),
        ScaleFailed(true);

        private final boolean warning;

        Reason(boolean warning) {
            this.warning = warning;
        }

        /** The Event type: Warning or Normal. */
        public String type() {
            return warning ? "Warning" : "Normal";
        }
    }

    /** Records an event on the workload (uid may be null); Warning for refusals and failures, else Normal. */
    void record(TargetRef target, String uid, Reason reason, String message);
}
