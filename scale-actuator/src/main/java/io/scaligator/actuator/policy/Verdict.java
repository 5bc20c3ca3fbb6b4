package io.scaligator.actuator.policy;

import io.scaligator.common.event.ScaleOutcome;
import java.util.Objects;

/** What to do with a command: patch the workload, or finish with an outcome and patch nothing. */
public sealed interface Verdict {

    /** Patch the workload to {@code replicas} (already clamped); {@code note} explains any clamping, or is empty. */
    record Apply(int replicas, int observedReplicas, String note) implements Verdict {
        public Apply {
            Objects.requireNonNull(note, "note");
        }
    }

    /** Finish without patching; {@code appliedReplicas} is set only for an already-applied command. */
    record Finish(ScaleOutcome.Status status, Integer observedReplicas, Integer appliedReplicas, String message)
            implements Verdict {
        public Finish {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }

        static Finish of(ScaleOutcome.Status status, Integer observedReplicas, String message) {
            return new Finish(status, observedReplicas, null, message);
        }
    }
}
