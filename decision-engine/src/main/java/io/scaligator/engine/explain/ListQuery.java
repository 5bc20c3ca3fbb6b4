package io.scaligator.engine.explain;

import io.scaligator.common.target.TargetRef;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The checked parameters of a list request ({@code namespace}, {@code limit}, {@code after}), and the parsing of
 * request parts they share with a target request; a bad part is a 400 naming it.
 */
record ListQuery(String namespace, int limit, String after) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** Longer than any target key (63 + 1 + kind + 1 + 253). */
    static final int MAX_AFTER = 512;

    private static final Set<String> NAMES = Set.of("namespace", "limit", "after");

    static ListQuery of(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new ApiProblem(
                        400, "unknown parameter '" + abbreviate(name) + "'; allowed: namespace, limit, after");
            }
        }
        String namespace = parameters.get("namespace");
        if (namespace != null) {
            try {
                TargetRef.requireNamespace(namespace);
            } catch (IllegalArgumentException e) {
                throw new ApiProblem(400, "parameter namespace: " + e.getMessage());
            }
        }
        String after = parameters.get("after");
        if (after != null && after.length() > MAX_AFTER) {
            throw new ApiProblem(400, "parameter after: longer than any target key (" + MAX_AFTER + " characters)");
        }
        return new ListQuery(namespace, limit(parameters.get("limit")), after);
    }

    /** The target named by the path after {@code /v1/targets/}: {@code namespace/kind/name}, percent-decoded. */
    static TargetRef target(String rawRest) {
        String[] parts = rawRest.split("/", -1);
        if (parts.length != 3) {
            throw new ApiProblem(400, "target path must be " + ExplainApi.PATH + "/{namespace}/{kind}/{name}");
        }
        try {
            return TargetRef.parse(decode(parts[0]) + "/" + decode(parts[1]) + "/" + decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, e.getMessage());
        }
    }

    /** The decoded query parameters; a parameter given twice is a 400. */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (parameters.put(name, value) != null) {
                throw new ApiProblem(400, "parameter " + abbreviate(name) + " given twice");
            }
        }
        return parameters;
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiProblem(
                400, "parameter limit: '" + abbreviate(text) + "' is not an integer from 1 to " + MAX_LIMIT);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "bad percent-encoding in '" + abbreviate(text) + "'");
        }
    }
}
