package io.scaligator.deploy;

import java.net.URI;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Kubernetes API permission: a verb on a resource of an API group, in a namespace. */
record ApiCall(String namespace, String group, String resource, String verb) implements Comparable<ApiCall> {

    private static final Comparator<ApiCall> ORDER = Comparator.comparing(ApiCall::namespace)
            .thenComparing(ApiCall::group)
            .thenComparing(ApiCall::resource)
            .thenComparing(ApiCall::verb);
    // /api/v1/namespaces/NS/RESOURCE[/NAME[/SUB]]  and  /apis/GROUP/VERSION/namespaces/NS/RESOURCE[/NAME[/SUB]]
    private static final Pattern NAMESPACED =
            Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");
    // /api/v1/RESOURCE  and  /apis/GROUP/VERSION/RESOURCE: a collection across all namespaces (namespace "*")
    private static final Pattern ALL_NAMESPACES = Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)/([^/]+)$");

    /**
     * The RBAC permission an HTTP request to the API server needs, as the API server's request-info resolver
     * derives it: GET on a collection is list (watch with ?watch=true), on an object get; POST create; PUT
     * update; PATCH patch; DELETE delete (deletecollection on a collection).
     */
    static ApiCall of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        Matcher all = ALL_NAMESPACES.matcher(uri.getPath());
        if (all.matches() && method.equals("GET")) {
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            return new ApiCall(
                    "*",
                    all.group(1) == null ? "" : all.group(1),
                    all.group(2),
                    query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : "list");
        }
        Matcher m = NAMESPACED.matcher(uri.getPath());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a namespaced resource request: " + method + " " + pathAndQuery);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        boolean collection = m.group(4) == null;
        String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb =
                switch (method) {
                    case "GET" ->
                        collection ? (query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : "list") : "get";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> collection ? "deletecollection" : "delete";
                    default -> throw new IllegalArgumentException("unexpected method " + method + " " + pathAndQuery);
                };
        return new ApiCall(m.group(2), group, resource, verb);
    }

    @Override
    public int compareTo(ApiCall other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + ": " + (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
}
