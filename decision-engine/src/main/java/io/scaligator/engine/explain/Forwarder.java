package io.scaligator.engine.explain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the engine instance that owns a target (or a share of the targets) for its answer: the same path and query,
 * the caller's Authorization header, and {@link #FORWARDED_HEADER}, which makes the other instance answer from its
 * own stores only, so a request is forwarded at most once.
 */
final class Forwarder {

    /** Set on forwarded requests; its value names the instance that forwarded. */
    static final String FORWARDED_HEADER = "X-Scaligator-Forwarded";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final HostInfo self;

    Forwarder(HostInfo self) {
        this.self = self;
    }

    /** The other instance's status and body; a 502 {@link ApiProblem} naming it when it cannot be asked. */
    HttpResponse<String> get(HostInfo owner, String pathAndQuery, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(TIMEOUT)
                .header(FORWARDED_HEADER, self.host() + ":" + self.port())
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiProblem(502, "engine instance " + owner.host() + ":" + owner.port() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "interrupted while asking engine instance " + owner.host() + ":" + owner.port());
        }
    }
}
