package io.scaligator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.serde.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Asks the decision engine's explain API ({@code /v1/targets} on its ops port) with a bearer token; every failure
 * (engine unreachable, token refused, unknown target) becomes an {@link AuditException} that says what to do.
 */
final class EngineClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI engine;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    EngineClient(String engineUrl, String token) {
        try {
            this.engine = URI.create(engineUrl.endsWith("/") ? engineUrl : engineUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new AuditException("--engine '" + engineUrl + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(engine.getScheme()) && !"https".equals(engine.getScheme())) {
            throw new AuditException("--engine '" + engineUrl + "' must be an http:// or https:// URL");
        }
        this.token = token;
    }

    /** The JSON body of {@code GET /v1/targets/{target}}. */
    String target(String targetKey) {
        return get("v1/targets/" + targetKey, Map.of());
    }

    /** The JSON body of {@code GET /v1/targets?...} with the given (non-null) parameters. */
    String list(Map<String, String> parameters) {
        return get("v1/targets", parameters);
    }

    private String get(String path, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = engine.resolve(path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuditException("cannot reach the decision engine at " + engine + " (" + e
                    + "); check --engine (its ops port, 8083 by default)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while asking the decision engine");
        }
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 401 ->
                throw new AuditException(
                        "the decision engine refused the token (" + error(response) + "); check --token-file");
            default ->
                throw new AuditException(
                        "the decision engine answered " + response.statusCode() + ": " + error(response));
        };
    }

    /** The API's {@code error} message, or the start of a body that is not the API's. */
    private static String error(HttpResponse<String> response) {
        try {
            JsonNode node = EventJson.mapper().readTree(response.body());
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not the API's JSON: show what came back
        }
        String body = response.body();
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
