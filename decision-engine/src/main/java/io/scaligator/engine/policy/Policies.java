package io.scaligator.engine.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.util.Sha256;
import io.scaligator.engine.core.Policy;
import java.io.IOException;
import java.util.List;

/**
 * Builds versioned policies and reads and writes their canonical JSON: the version is {@code p-} + the first 16
 * hex digits of the SHA-256 of the policy's JSON without a version, so equal content always has the same version.
 */
public final class Policies {

    /**
     * Leaves an empty exclude_namespaces and an absent semantics out of the JSON, so a policy published before those
     * keys existed keeps its version (decisions recorded with it still verify).
     */
    private abstract static class WithoutAbsentKeys {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<String> excludeNamespaces();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Integer semantics();
    }

    private static final ObjectMapper JSON = EventJson.mapper().copy().addMixIn(Policy.class, WithoutAbsentKeys.class);

    private Policies() {}

    /** The versioned policy of a loaded config: what the engine runs and publishes. */
    public static Policy from(ScaligatorConfig config) {
        return versioned(Policy.content(config));
    }

    /** {@code content} with the version its content hashes to. */
    public static Policy versioned(Policy content) {
        return content.withVersion(hash(content));
    }

    /** Reads a policy back from its JSON (as published to the policies topic), checking its version. */
    public static Policy fromJson(byte[] json) {
        Policy read;
        try {
            read = JSON.readValue(json, Policy.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a policy: " + e.getMessage(), e);
        }
        String expected = hash(read.withVersion(null));
        if (!expected.equals(read.version())) {
            throw new IllegalArgumentException(
                    "policy version " + read.version() + " does not match its content (" + expected + ")");
        }
        return read;
    }

    /** The canonical JSON of the policy: the bytes the version is computed from, plus the version. */
    public static byte[] toJson(Policy policy) {
        try {
            return JSON.writeValueAsBytes(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy: " + e.getMessage(), e);
        }
    }

    private static String hash(Policy content) {
        return "p-" + Sha256.hex(toJson(content.withVersion(null)), 8);
    }
}
