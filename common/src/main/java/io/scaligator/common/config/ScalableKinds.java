package io.scaligator.common.config;

import io.scaligator.common.target.Kind;
import java.util.List;
import java.util.Set;

/**
 * The {@code [[scalable_kinds]]} entries: kinds besides Deployment and StatefulSet that have a /scale subresource,
 * e.g. {@code group = "argoproj.io", version = "v1alpha1", kind = "Rollout", plural = "rollouts"}.
 */
final class ScalableKinds {

    static final Set<String> KEYS = Set.of("group", "version", "kind", "plural");

    private ScalableKinds() {}

    /** One entry as a kind, or null after reporting what is wrong, naming the entry's keys. */
    static Kind read(TableReader table) {
        String group = table.required("group", ValueType.STRING);
        String version = table.required("version", ValueType.STRING);
        String kind = table.required("kind", ValueType.STRING);
        String plural = table.required("plural", ValueType.STRING);
        if (group == null || version == null || kind == null || plural == null) {
            return null;
        }
        try {
            return new Kind(group, version, kind, plural);
        } catch (IllegalArgumentException e) {
            String part = e.getMessage().substring(0, e.getMessage().indexOf(' '));
            table.problem(table.path(part) + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Makes the kinds known to {@link Kind#parse}: records on Kafka name kinds by name only, so every service
     * resolves them from the same config. A kind whose name is built in or known otherwise is a problem.
     */
    static void register(ConfigReader reader, List<Kind> kinds) {
        boolean clean = true;
        for (Kind kind : kinds) {
            String conflict = Kind.conflict(kind);
            if (conflict != null) {
                reader.problem("scalable_kinds: " + conflict);
                clean = false;
            }
        }
        if (clean) {
            Kind.register(kinds);
        }
    }
}
