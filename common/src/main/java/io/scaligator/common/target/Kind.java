package io.scaligator.common.target;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A workload kind Scaligator can scale: its API group, version, kind name and plural resource name. Deployments and
 * StatefulSets are built in; any other kind with a /scale subresource (an Argo Rollout, a custom resource) is
 * configured as a {@code [[scalable_kinds]]} entry. Records on Kafka name a kind by its name only, so names are
 * unique, and a loaded config makes its kinds known to {@link #parse(String)} in the whole JVM.
 */
public record Kind(String group, String version, String name, String plural) {

    private static final Pattern KIND_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");
    private static final Pattern GROUP =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");
    private static final Pattern PLURAL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    // after the patterns, which their constructor uses
    public static final Kind DEPLOYMENT = new Kind("apps", "v1", "Deployment", "deployments");
    public static final Kind STATEFUL_SET = new Kind("apps", "v1", "StatefulSet", "statefulsets");

    /**
     * Kind name -> kind: the built-ins, then every configured kind, in order. Replaced whole on registration, so the
     * lookups every record and every pod owner make read it without a lock.
     */
    private static volatile Map<String, Kind> registry = withKinds(Map.of(), List.of(DEPLOYMENT, STATEFUL_SET));

    public Kind {
        require(
                "kind",
                name,
                KIND_NAME,
                "a Kubernetes kind name such as Rollout (letters and digits, upper-case first)");
        require("group", group, GROUP, "an API group such as argoproj.io (a DNS subdomain)");
        require("version", version, VERSION, "an API version such as v1 or v1alpha1");
        require("plural", plural, PLURAL, "the resource's plural name such as rollouts (a DNS-1123 label)");
    }

    /** Parses a kind name exactly as Kubernetes spells it, naming the allowed values when it is not a known kind. */
    public static Kind parse(String text) {
        Map<String, Kind> kinds = registry;
        Kind kind = kinds.get(text);
        if (kind == null) {
            throw new IllegalArgumentException("kind '" + text + "' is not supported; allowed: "
                    + String.join(", ", kinds.keySet()) + " (more with [[scalable_kinds]])");
        }
        return kind;
    }

    /**
     * Makes configured kinds known to {@link #parse(String)}. Registering a kind again is harmless; a name already
     * known with other coordinates is refused with a message naming both.
     */
    public static void register(Collection<Kind> kinds) {
        synchronized (Kind.class) {
            for (Kind kind : kinds) {
                String conflict = conflict(kind);
                if (conflict != null) {
                    throw new IllegalArgumentException(conflict);
                }
            }
            registry = withKinds(registry, kinds);
        }
    }

    /** Why this kind cannot be registered (its name is known with other coordinates), or null if it can. */
    public static String conflict(Kind kind) {
        Kind same = registry.get(kind.name());
        return same == null || same.equals(kind)
                ? null
                : "kind " + kind.name() + " is already known as " + same.describe() + ", not " + kind.describe()
                        + "; kind names must be unique";
    }

    /**
     * The known kind a controller ownerReference names (its apiVersion and kind), if any: how pods are attributed
     * to workloads (Pod -> StatefulSet or a custom kind, Pod -> ReplicaSet -> Deployment or a custom kind).
     */
    public static Optional<Kind> ofOwner(String apiVersion, String kind) {
        return registry.values().stream()
                .filter(k -> k.matches(apiVersion, kind))
                .findFirst();
    }

    /** Every known kind: the built-ins first. */
    public static List<Kind> known() {
        return List.copyOf(registry.values());
    }

    /** Whether this is a Deployment or a StatefulSet, which Scaligator reads through their typed APIs. */
    public boolean builtIn() {
        return equals(DEPLOYMENT) || equals(STATEFUL_SET);
    }

    /** {@code group/version}, as in an object's apiVersion. */
    public String apiVersion() {
        return group + "/" + version;
    }

    /** Whether a reference (as in an HPA's scaleTargetRef) names this kind; an empty apiVersion matches any. */
    public boolean matches(String refApiVersion, String refKind) {
        if (!name.equals(refKind)) {
            return false;
        }
        if (refApiVersion == null || refApiVersion.isEmpty()) {
            return true;
        }
        int slash = refApiVersion.indexOf('/');
        return group.equals(slash < 0 ? "" : refApiVersion.substring(0, slash));
    }

    /** {@code Rollout (argoproj.io/v1alpha1, rollouts)}. */
    public String describe() {
        return name + " (" + apiVersion() + ", " + plural + ")";
    }

    @Override
    public String toString() {
        return name;
    }

    private static Map<String, Kind> withKinds(Map<String, Kind> kinds, Collection<Kind> more) {
        Map<String, Kind> copy = new LinkedHashMap<>(kinds);
        more.forEach(kind -> copy.put(kind.name(), kind));
        return Collections.unmodifiableMap(copy);
    }

    private static void require(String part, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(part + " '" + value + "' is not " + rule);
        }
    }
}
