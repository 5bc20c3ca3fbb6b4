package io.scaligator.audit.read;

import io.scaligator.common.event.Decision;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Policy;
import java.util.function.Function;

/**
 * Which engine semantics made each recorded decision, read from the policy it names ({@link Policy#semantics()}),
 * against the semantics this audit re-runs ({@link DecisionCore#SEMANTICS}). A decision another semantics made
 * cannot be reproduced here, and neither can what follows it from the state it left, so verify starts such a
 * target from its first checkpoint since, as it does where retention trimmed the log.
 */
public final class RecordedSemantics implements Function<String, String> {

    private final PolicyLog policies;

    public RecordedSemantics(PolicyLog policies) {
        this.policies = policies;
    }

    /** The engine that made decisions of this policy version, when it is not this audit's; null when it is. */
    @Override
    public String apply(String policyVersion) {
        Integer semantics = policies.get(policyVersion).semantics();
        if (semantics == null) {
            return "an engine from before decision semantics were recorded (this audit re-runs semantics "
                    + DecisionCore.SEMANTICS + ")";
        }
        if (semantics == DecisionCore.SEMANTICS) {
            return null;
        }
        return "engine semantics " + semantics + " (this audit re-runs semantics " + DecisionCore.SEMANTICS
                + (semantics > DecisionCore.SEMANTICS ? "; verify with the audit of that engine's release" : "")
                + ")";
    }

    /** Whether another engine semantics made any readable decision of the log. */
    public boolean anyOther(AuditLog log) {
        return log.decisions().stream()
                .anyMatch(r -> r.event() instanceof Decision d && apply(d.policyVersion()) != null);
    }
}
