package io.scaligator.audit.read;

import io.scaligator.audit.AuditException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The policies the engine published (compacted topic, key = version), read back and checked by version. */
public final class PolicyLog {

    private final String topic;
    private final Map<String, byte[]> byVersion = new HashMap<>();
    private final Map<String, Policy> parsed = new HashMap<>();

    private PolicyLog(String topic) {
        this.topic = topic;
    }

    public static PolicyLog read(LogReader reader, Topics topics) {
        PolicyLog log = new PolicyLog(topics.policies());
        for (Recorded r : reader.read(List.of(topics.policies()), TimeRange.ALL, k -> k != null)
                .records()) {
            if (r.value() != null) {
                log.byVersion.put(r.key(), r.value());
            }
        }
        return log;
    }

    /** The policy with this version; fails clearly if the engine never published it or it does not match. */
    public Policy get(String version) {
        return parsed.computeIfAbsent(version, v -> {
            byte[] json = byVersion.get(v);
            if (json == null) {
                throw new AuditException("policy " + v + " (recorded in the decisions) is not in " + topic
                        + "; it holds: " + (byVersion.isEmpty() ? "nothing" : String.join(", ", byVersion.keySet())));
            }
            try {
                Policy policy = Policies.fromJson(json);
                if (!policy.version().equals(v)) {
                    throw new AuditException(
                            "the record keyed " + v + " in " + topic + " holds policy " + policy.version());
                }
                return policy;
            } catch (IllegalArgumentException e) {
                throw new AuditException("policy " + v + " in " + topic + " cannot be used: " + e.getMessage());
            }
        });
    }
}
