package io.scaligator.common.target;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one scalable workload as {@code namespace/Kind/name}; its string form is the Kafka key of every
 * record about the workload, so all of them stay ordered in one partition.
 */
public record TargetRef(String namespace, Kind kind, String name) {

    /** Key used for alerts that could not be mapped to any workload. */
    public static final String UNMAPPED_KEY = "_unmapped";

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_LABEL = 63;
    private static final int MAX_SUBDOMAIN = 253;

    public TargetRef {
        Objects.requireNonNull(kind, "kind is required");
        requireNamespace(namespace);
        requireDns1123(
                "name",
                name,
                DNS_1123_SUBDOMAIN,
                MAX_SUBDOMAIN,
                "a DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', starting and ending with an alphanumeric");
    }

    /** Parses {@code namespace/Kind/name}; the message of the exception says which part is wrong and why. */
    @JsonCreator
    public static TargetRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "target is empty; expected namespace/Kind/name, e.g. dev/Deployment/web");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "target '" + text + "' must have three parts namespace/Kind/name, e.g. dev/Deployment/web");
        }
        return new TargetRef(parts[0], Kind.parse(parts[1]), parts[2]);
    }

    /** Checks a namespace by the same rule as a target's (e.g. a query parameter); the message says what is wrong. */
    public static String requireNamespace(String namespace) {
        requireDns1123(
                "namespace",
                namespace,
                DNS_1123_LABEL,
                MAX_LABEL,
                "a DNS-1123 label: lower-case alphanumerics and '-', starting and ending with an alphanumeric");
        return namespace;
    }

    /** Convenience for the common case of a Deployment. */
    public static TargetRef deployment(String namespace, String name) {
        return new TargetRef(namespace, Kind.DEPLOYMENT, name);
    }

    /** Convenience for a StatefulSet. */
    public static TargetRef statefulSet(String namespace, String name) {
        return new TargetRef(namespace, Kind.STATEFUL_SET, name);
    }

    /** The Kafka record key: the same string as {@link #toString()}. */
    public String key() {
        return toString();
    }

    @JsonValue
    @Override
    public String toString() {
        return namespace + "/" + kind.name() + "/" + name;
    }

    private static void requireDns1123(String part, String value, Pattern pattern, int maxLength, String rule) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(part + " is empty; it must be " + rule);
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(part + " '" + value + "' is " + value.length()
                    + " characters long; at most " + maxLength + " are allowed");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(part + " '" + value + "' is not " + rule);
        }
    }
}
