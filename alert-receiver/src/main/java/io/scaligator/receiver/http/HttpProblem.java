package io.scaligator.receiver.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request answered with an error status and a JSON body {@code {"error": ..., "field": ...}}. */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String field;
    private final Map<String, String> headers;

    public HttpProblem(int status, String message, String field, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public HttpProblem(int status, String message) {
        this(status, message, null, Map.of());
    }

    public int status() {
        return status;
    }

    /** The offending JSON field, or null. */
    public String field() {
        return field;
    }

    /** The answer's JSON body, the receiver's one error format: {@code {"error": ..., "field": ...}}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }

    /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
    public Map<String, String> headers() {
        return headers;
    }
}
