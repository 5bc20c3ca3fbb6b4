package io.scaligator.common.target;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The one rule of where Scaligator may scale: only namespaces in watch_namespaces, and never Scaligator's own
 * namespace. The receiver, poller, engine and actuator all ask this, and refuse with the same words.
 */
public record NamespaceScope(List<String> watchNamespaces, String ownNamespace) {

    public NamespaceScope {
        watchNamespaces = List.copyOf(new TreeSet<>(watchNamespaces));
        Objects.requireNonNull(ownNamespace, "ownNamespace");
    }

    /** Whether workloads of this namespace may ever be scaled. */
    public boolean mayScale(String namespace) {
        return refusal(namespace) == null;
    }

    /** Why workloads of this namespace may not be scaled, or null when they may. */
    public String refusal(String namespace) {
        if (namespace.equals(ownNamespace)) {
            return "namespace " + namespace + " is Scaligator's own namespace and is never scaled";
        }
        if (!watchNamespaces.contains(namespace)) {
            return "namespace " + namespace + " is not in watch_namespaces " + watchNamespaces;
        }
        return null;
    }

    /** The watched namespaces that may be scaled (all but Scaligator's own), sorted. */
    public List<String> scalable() {
        return watchNamespaces.stream().filter(this::mayScale).toList();
    }
}
