package io.scaligator.common.target;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one rule of where Scaligator may scale: only namespaces in watch_namespaces ({@code "*"}: every namespace but
 * {@code kube-*}, which must be named), never one matching an exclude_namespaces glob, and never Scaligator's own
 * namespace. The receiver, poller, engine and actuator all ask this, and refuse with the same words.
 */
public record NamespaceScope(List<String> watchNamespaces, String ownNamespace, List<String> excludeNamespaces) {

    /** The watch_namespaces entry meaning every namespace. */
    public static final String ALL = "*";

    private static final String SYSTEM_PREFIX = "kube-";

    public NamespaceScope {
        watchNamespaces = List.copyOf(new TreeSet<>(watchNamespaces));
        Objects.requireNonNull(ownNamespace, "ownNamespace");
        excludeNamespaces = List.copyOf(new TreeSet<>(excludeNamespaces));
    }

    /** Whether watch_namespaces is {@code "*"}: informers then watch the whole cluster. */
    public boolean allNamespaces() {
        return watchNamespaces.contains(ALL);
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
        for (String pattern : excludeNamespaces) {
            if (glob(pattern).matcher(namespace).matches()) {
                return "namespace " + namespace + " matches exclude_namespaces pattern '" + pattern + "'";
            }
        }
        if (watchNamespaces.contains(namespace)) {
            return null;
        }
        if (!allNamespaces()) {
            return "namespace " + namespace + " is not in watch_namespaces " + watchNamespaces;
        }
        if (namespace.startsWith(SYSTEM_PREFIX)) {
            return "namespace " + namespace + " is a system namespace: with watch_namespaces \"*\" it is scaled only"
                    + " when named in watch_namespaces too";
        }
        return null;
    }

    /**
     * The namespaces to watch, sorted: the named ones that may be scaled, or an empty list for every namespace
     * (then each workload is still checked with {@link #mayScale}).
     */
    public List<String> scalable() {
        return allNamespaces()
                ? List.of()
                : watchNamespaces.stream().filter(this::mayScale).toList();
    }

    /** A glob ({@code *} any characters, {@code ?} one) as an anchored pattern. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
