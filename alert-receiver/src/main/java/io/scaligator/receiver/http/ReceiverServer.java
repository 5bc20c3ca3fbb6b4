package io.scaligator.receiver.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.scaligator.common.config.ReceiverSettings;
import io.scaligator.receiver.tls.ReloadingTls;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
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

    /** How long the body of a request may stop arriving before it is answered 408. */
    static final Duration BODY_IDLE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Slowest body upload accepted, measured by Jetty from the handler's first read: a trickling client is cut off,
     * a webhook (a few KiB, sent at once) takes a fraction of a second.
     */
    static final long MIN_BODY_BYTES_PER_SECOND = 2048;

    private final Javalin app;
    private final InFlight inFlight = new InFlight();
    private final Duration drainTimeout;
    private final ReloadingTls tls;

    private ReceiverServer(
            String host,
            int port,
            ReloadingTls tls,
            SignalEndpoints endpoints,
            ReceiverMetrics metrics,
            int maxBodyBytes,
            Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        this.tls = tls;
        this.app = Javalin.create(config -> {
            if (tls != null) {
                config.jetty.addConnector((server, http) -> httpsConnector(server, http, tls, host, port));
            }
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = maxBodyBytes;
            // InFlight ends when a handler returns, before Jetty has written the response; Jetty's graceful stop
            // waits for that, so a request finished during shutdown still gets its answer.
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(drainTimeout.toMillis());
                // Javalin nests its context inside the server's handler when one is set.
                server.setHandler(new MethodOverrideRemover());
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.jetty.modifyServletContextHandler(context -> context.insertHandler(new GracefulHandler()));
            // Jetty's per-connection header cache matches values case-insensitively by default, so after a request
            // with "Bearer ABC" a later "Bearer abc" on the same connection would be read as "Bearer ABC".
            // Credentials are case-sensitive: match header values exactly.
            config.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                // A body that stops arriving, or trickles in, holds a request thread: give up on it within seconds
                // (408). Alertmanager sends its small bodies at once. While the handler waits for Kafka no I/O is
                // pending, and Jetty does not end a request for being idle then, so publish_timeout still applies.
                http.setIdleTimeout(BODY_IDLE_TIMEOUT.toMillis());
                http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
            });
            config.routes.post("/alerts", tracked("alerts", metrics, endpoints::alerts));
            config.routes.post("/v1/triggers", tracked("triggers", metrics, endpoints::triggers));
            config.routes.exception(HttpProblem.class, ReceiverServer::answer);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> answer(routing(e), ctx));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
                answer(new HttpProblem(500, "internal error; see the receiver's log"), ctx);
            });
        });
    }

    /**
     * Starts the server on {@code host:port} (0: any free port), over HTTPS when {@code tls} is enabled (a bad PEM
     * pair is a ConfigException naming the key).
     */
    public static ReceiverServer start(
            String host,
            int port,
            ReceiverSettings.Tls tls,
            SignalEndpoints endpoints,
            ReceiverMetrics metrics,
            int maxBodyBytes,
            Duration drainTimeout) {
        ReloadingTls certificates = tls.enabled() ? ReloadingTls.start(tls) : null;
        try {
            ReceiverServer server =
                    new ReceiverServer(host, port, certificates, endpoints, metrics, maxBodyBytes, drainTimeout);
            server.app.start(host, port);
            LOG.info(
                    "alert receiver listening on {}://{}:{}/ (POST /alerts, POST /v1/triggers)",
                    certificates == null ? "http" : "https",
                    host,
                    server.app.port());
            return server;
        } catch (RuntimeException e) {
            if (certificates != null) {
                certificates.close();
            }
            throw e;
        }
    }

    /** HTTPS in place of Javalin's plain connector: TLS (ALPN not needed) in front of HTTP/1.1. */
    private static Connector httpsConnector(
            Server server, HttpConfiguration http, ReloadingTls tls, String host, int port) {
        // Javalin's own HttpConfiguration, so its settings (and the case-sensitive header cache) apply here too.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // see ReloadingTls: the client checks the names
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(tls.factory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public int port() {
        return app.port();
    }

    private Handler tracked(String endpoint, ReceiverMetrics metrics, Handler handler) {
        return ctx -> {
            if (!inFlight.enter()) {
                metrics.request(endpoint, 503, "shutting_down");
                throw new HttpProblem(
                        503,
                        "the receiver is shutting down; retry later",
                        null,
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
            case 408 -> "timeout";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    private static void answer(HttpProblem problem, Context ctx) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).json(problem.body());
    }

    /** Javalin's own answers (no such path, another method) as problems, in the same format as every other error. */
    private static HttpProblem routing(HttpResponseException e) {
        if (e instanceof MethodNotAllowedResponse) {
            String allowed = e.getDetails().getOrDefault("availableMethods", "POST");
            return new HttpProblem(405, "method not allowed; use " + allowed, null, Map.of("Allow", allowed));
        }
        if (e instanceof NotFoundResponse) {
            return new HttpProblem(404, "no such endpoint; the receiver serves POST /alerts and POST /v1/triggers");
        }
        return new HttpProblem(e.getStatus(), e.getMessage());
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
        if (tls != null) {
            tls.close();
        }
    }
}
