package io.scaligator.receiver.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook HTTP server (Javalin): {@code POST /alerts} and {@code POST /v1/triggers}. Every error is a JSON
 * body {@code {"error", "field"}} without internals; shutdown turns new requests away with 503 and lets running
 * ones finish before the server stops.
 */
public final class ReceiverServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverServer.class);

    private final Javalin app;
    private final InFlight inFlight = new InFlight();
    private final Duration drainTimeout;

    private ReceiverServer(SignalEndpoints endpoints, ReceiverMetrics metrics, int maxBodyBytes,
            Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = maxBodyBytes;
            // InFlight ends when a handler returns, before Jetty has written the response; Jetty's graceful stop
            // waits for that, so a request finished during shutdown still gets its answer.
            config.jetty.modifyServer(server -> server.setStopTimeout(drainTimeout.toMillis()));
            config.jetty.modifyServletContextHandler(context -> context.insertHandler(new GracefulHandler()));
            // Jetty's per-connection header cache matches values case-insensitively by default, so after a request
            // with "Bearer ABC" a later "Bearer abc" on the same connection would be read as "Bearer ABC".
            // Credentials are case-sensitive: match header values exactly.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            config.routes.post("/alerts", tracked("alerts", metrics, endpoints::alerts));
            config.routes.post("/v1/triggers", tracked("triggers", metrics, endpoints::triggers));
            config.routes.exception(HttpProblem.class, ReceiverServer::answer);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
                answer(new HttpProblem(500, "internal error; see the receiver's log"), ctx);
            });
        });
    }

    /** Starts the server on {@code host:port} (0: any free port). */
    public static ReceiverServer start(String host, int port, SignalEndpoints endpoints, ReceiverMetrics metrics,
            int maxBodyBytes, Duration drainTimeout) {
        ReceiverServer server = new ReceiverServer(endpoints, metrics, maxBodyBytes, drainTimeout);
        server.app.start(host, port);
        LOG.info("alert receiver listening on http://{}:{}/ (POST /alerts, POST /v1/triggers)", host,
                server.app.port());
        return server;
    }

    public int port() {
        return app.port();
    }

    private Handler tracked(String endpoint, ReceiverMetrics metrics, Handler handler) {
        return ctx -> {
            if (!inFlight.enter()) {
                metrics.request(endpoint, 503, "shutting_down");
                throw new HttpProblem(503, "the receiver is shutting down; retry later", null,
                        Map.of("Retry-After", SignalEndpoints.RETRY_AFTER_SECONDS));
            }
            try {
                handler.handle(ctx);
                metrics.request(endpoint, ctx.statusCode(), "ok");
            } catch (HttpProblem problem) {
                metrics.request(endpoint, problem.status(), result(problem.status()));
                throw problem;
            } finally {
                inFlight.exit();
            }
        };
    }

    private static String result(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    private static void answer(HttpProblem problem, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", problem.getMessage());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).json(body);
    }

    /** Stops taking requests, waits for running ones (bounded), then stops the HTTP server. */
    @Override
    public void close() {
        try {
            if (!inFlight.drain(drainTimeout)) {
                LOG.warn("requests still running after {}; stopping anyway", drainTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }
}
