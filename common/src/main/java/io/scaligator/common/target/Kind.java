package io.scaligator.common.target;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The workload kinds Scaligator can scale through their /scale subresource. */
public enum Kind {
    Deployment,
    StatefulSet;

    /** Parses a kind name exactly as Kubernetes spells it, naming the allowed values when it is not one. */
    public static Kind parse(String text) {
        for (Kind kind : values()) {
            if (kind.name().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind '" + text + "' is not supported; allowed: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
