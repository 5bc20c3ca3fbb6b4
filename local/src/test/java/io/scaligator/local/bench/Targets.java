package io.scaligator.local.bench;

import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;

/** The benchmark's Deployments: {@code bench/Deployment/w0000} ... in one namespace, each starting at 1 replica. */
record Targets(String namespace, int count) {

    static final int INITIAL_REPLICAS = 1;

    String name(int index) {
        return String.format("w%04d", index);
    }

    TargetRef ref(int index) {
        return new TargetRef(namespace, Kind.DEPLOYMENT, name(index));
    }

    /** The index of a benchmark Deployment's name, or -1 for any other name. */
    int indexOf(String name) {
        if (name.length() != 5 || name.charAt(0) != 'w') {
            return -1;
        }
        try {
            int index = Integer.parseInt(name.substring(1));
            return index < count ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
