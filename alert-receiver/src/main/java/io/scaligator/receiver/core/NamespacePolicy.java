package io.scaligator.receiver.core;

import java.util.List;
import java.util.function.Function;

/** Which namespaces signals may scale: those in watch_namespaces, never Scaligator's own. */
public record NamespacePolicy(List<String> watchNamespaces, String ownNamespace) implements Function<String, String> {

    public NamespacePolicy {
        watchNamespaces = List.copyOf(watchNamespaces);
    }

    /** Why signals for this namespace may not scale anything, or null when they may. */
    @Override
    public String apply(String namespace) {
        if (namespace.equals(ownNamespace)) {
            return "namespace " + namespace + " is Scaligator's own namespace and is never scaled";
        }
        if (!watchNamespaces.contains(namespace)) {
            return "namespace " + namespace + " is not in watch_namespaces " + watchNamespaces;
        }
        return null;
    }
}
