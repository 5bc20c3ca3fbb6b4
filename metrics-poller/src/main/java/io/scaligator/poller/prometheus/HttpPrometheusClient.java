package io.scaligator.poller.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scaligator.common.config.PollerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link PrometheusClient} on the JDK HTTP client: POSTs {@code /api/v1/query} (form-encoded, so long PromQL never
 * hits URL limits) with the cycle's timestamp as {@code time}, the {@link PrometheusAccess} credential and headers,
 * and streams the JSON answer. An answer larger than the access's byte or series bound is a {@code too_large}
 * failure: one query can never exhaust the poller's memory.
 */
public final class HttpPrometheusClient implements PrometheusClient {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int BODY_EXCERPT = 200;

    private final HttpClient http;
    private final URI queryUri;
    private final Duration timeout;
    private final PrometheusAccess access;

    public HttpPrometheusClient(HttpClient http, String baseUrl, PrometheusAccess access) {
        this.http = http;
        this.queryUri = URI.create(baseUrl.endsWith("/") ? baseUrl + "api/v1/query" : baseUrl + "/api/v1/query");
        this.timeout = access.timeout();
        this.access = access;
    }

    /** A client of a Prometheus that needs no credentials, with the default bounds. */
    public HttpPrometheusClient(HttpClient http, String baseUrl, Duration timeout) {
        this(http, baseUrl, PrometheusAccess.open(timeout));
    }

    /** The client the {@code [poller]} settings describe (credentials, CA, headers, bounds). */
    public static HttpPrometheusClient of(String baseUrl, PollerSettings settings) {
        return new HttpPrometheusClient(PrometheusAccess.client(settings), baseUrl, PrometheusAccess.from(settings));
    }

    @Override
    public CompletableFuture<QueryResult> query(String promql, Instant time) {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + epochSeconds(time)
                // Prometheus also stops evaluating on its side, so a slow query does not keep burning its CPU.
                + "&timeout=" + timeout.toMillis() + "ms";
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(queryUri)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            access.decorate(request);
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(this::read)
                    .exceptionally(this::failure);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    static String epochSeconds(Instant time) {
        return time.getEpochSecond() + "." + String.format("%03d", time.getNano() / 1_000_000);
    }

    private QueryResult read(HttpResponse<InputStream> response) {
        int status = response.statusCode();
        byte[] bytes;
        try (InputStream body = response.body()) {
            // One byte more than allowed tells an answer at the bound from one beyond it; the rest is never read.
            bytes = body.readNBytes(access.maxResponseBytes() + 1);
        } catch (IOException e) {
            return new QueryResult.Failure(
                    QueryResult.Failure.Kind.UNREACHABLE, "prometheus response could not be read: " + e.getMessage());
        }
        if (bytes.length > access.maxResponseBytes()) {
            return new QueryResult.Failure(
                    QueryResult.Failure.Kind.TOO_LARGE,
                    "prometheus answer (HTTP " + status + ") is larger than poller.prometheus_max_response_bytes = "
                            + access.maxResponseBytes());
        }
        if (status / 100 == 2) {
            return parse(bytes, access.maxSeries());
        }
        // Prometheus answers 400/422/503 with a JSON error body: its errorType and error say more than the bytes.
        String detail = parse(bytes, access.maxSeries()) instanceof QueryResult.Failure f
                        && f.kind() == QueryResult.Failure.Kind.QUERY_ERROR
                ? f.reason()
                : new String(bytes, 0, Math.min(bytes.length, BODY_EXCERPT), StandardCharsets.UTF_8).strip();
        return new QueryResult.Failure(
                status / 100 == 4 ? QueryResult.Failure.Kind.HTTP_4XX : QueryResult.Failure.Kind.HTTP_5XX,
                "prometheus answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
    }

    private QueryResult failure(Throwable thrown) {
        Throwable cause =
                thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof HttpTimeoutException) {
            return new QueryResult.Failure(
                    QueryResult.Failure.Kind.TIMEOUT, "prometheus query timed out after " + timeout.toMillis() + " ms");
        }
        String message = cause instanceof ConnectException ? "connection refused" : String.valueOf(cause.getMessage());
        return new QueryResult.Failure(
                QueryResult.Failure.Kind.UNREACHABLE,
                "prometheus unreachable at " + queryUri + ": "
                        + cause.getClass().getSimpleName() + " " + message);
    }

    /** Parses a query API body: a vector of at most {@code maxSeries} series, or the failure it describes. */
    static QueryResult parse(byte[] body, int maxSeries) {
        try (JsonParser p = JSON.createParser(body)) {
            return new BodyReader(p, maxSeries).read();
        } catch (TooManySeries e) {
            return new QueryResult.Failure(
                    QueryResult.Failure.Kind.TOO_LARGE,
                    "prometheus answered more than " + maxSeries + " series (poller.prometheus_max_series)");
        } catch (IOException | IllegalStateException e) {
            return new QueryResult.Failure(
                    QueryResult.Failure.Kind.UNPARSEABLE,
                    "prometheus response is not a query API answer: " + e.getMessage());
        }
    }

    /** The answer holds more series than allowed; thrown as soon as one too many is seen. */
    private static final class TooManySeries extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManySeries() {
            super(null, null, false, false);
        }
    }

    /** Streams {@code {"status","data":{"resultType","result"},"errorType","error","warnings"}} in any key order. */
    private static final class BodyReader {
        private final JsonParser p;
        private final int maxSeries;
        private String status;
        private String errorType;
        private String error;
        private String resultType;
        private List<Series> result;
        private final List<String> warnings = new ArrayList<>();

        BodyReader(JsonParser p, int maxSeries) {
            this.p = p;
            this.maxSeries = maxSeries;
        }

        QueryResult read() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "status" -> status = p.getValueAsString();
                    case "errorType" -> errorType = p.getValueAsString();
                    case "error" -> error = p.getValueAsString();
                    case "warnings" -> readStrings(value, warnings);
                    case "data" -> readData(value);
                    default -> p.skipChildren();
                }
            }
            if ("error".equals(status)) {
                return new QueryResult.Failure(
                        QueryResult.Failure.Kind.QUERY_ERROR, "prometheus query error " + errorType + ": " + error);
            }
            if (!"success".equals(status)) {
                throw new IllegalStateException("status is " + status + ", expected success or error");
            }
            if (!"vector".equals(resultType)) {
                return new QueryResult.Failure(
                        QueryResult.Failure.Kind.NOT_A_VECTOR,
                        "query returned resultType " + resultType + ", expected vector (an instant vector by "
                                + "namespace and workload or pod)");
            }
            if (result == null) {
                throw new IllegalStateException("data.result is missing");
            }
            return new QueryResult.Vector(result, warnings);
        }

        private void readData(JsonToken start) throws IOException {
            if (start != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "resultType" -> resultType = p.getValueAsString();
                    case "result" -> result = readResult(value);
                    default -> p.skipChildren();
                }
            }
        }

        private List<Series> readResult(JsonToken start) throws IOException {
            if (start != JsonToken.START_ARRAY) {
                // A scalar or string result is ["ts","value"], a matrix has "values"; resultType says which.
                p.skipChildren();
                return List.of();
            }
            List<Series> series = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Map<String, String> labels = Map.of();
                Double value = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken token = p.nextToken();
                    if ("metric".equals(field)) {
                        labels = readLabels(token);
                    } else if ("value".equals(field) && token == JsonToken.START_ARRAY) {
                        value = readSampleValue();
                    } else {
                        p.skipChildren();
                    }
                }
                if (value == null) {
                    // A matrix element carries "values"; it is reported as NOT_A_VECTOR from resultType.
                    continue;
                }
                if (series.size() == maxSeries) {
                    throw new TooManySeries();
                }
                series.add(new Series(labels, value));
            }
            return series;
        }

        private Map<String, String> readLabels(JsonToken start) throws IOException {
            expect(start, JsonToken.START_OBJECT);
            Map<String, String> labels = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                labels.put(name, p.getValueAsString());
            }
            return labels;
        }

        private double readSampleValue() throws IOException {
            p.nextToken(); // timestamp
            p.nextToken();
            String text = p.getValueAsString();
            if (p.nextToken() != JsonToken.END_ARRAY || text == null) {
                throw new IllegalStateException("a sample value must be [timestamp, \"value\"]");
            }
            return parseValue(text);
        }

        private void readStrings(JsonToken start, List<String> into) throws IOException {
            expect(start, JsonToken.START_ARRAY);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                into.add(p.getValueAsString());
            }
        }

        private static void expect(JsonToken actual, JsonToken expected) {
            if (actual != expected) {
                throw new IllegalStateException("expected " + expected + " but found " + actual);
            }
        }
    }

    /** Prometheus writes special values as NaN, +Inf and -Inf, which Double.parseDouble only partly accepts. */
    static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("sample value '" + text + "' is not a number");
                }
            }
        };
    }
}
