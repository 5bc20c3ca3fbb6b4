package io.scaligator.common.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.util.SafeText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server every service runs beside its work: {@code /healthz} (the process is alive),
 * {@code /readyz} (every registered {@link HealthCheck} passes; 503 otherwise; the body names each check and its
 * state, the details go to the log) and {@code /metrics} (Prometheus text format, with JVM and process metrics).
 *
 * <p>Slow clients cannot stall the probes. The JDK server reads a request on a pool thread once its first bytes
 * arrive, so a client that sends part of a request holds a thread until it is cut off; the defence is that holding
 * all of them costs far more than a probe or a scrape needs: a request must arrive completely within
 * {@link #MAX_REQUEST_SECONDS} (the JDK's {@code sun.net.httpserver.maxReqTime}; the kubelet, Prometheus and curl
 * send theirs in one packet) and up to {@link #MAX_THREADS} connections are served at once. With the earlier 5 s and
 * 32 threads, 40 half-sent requests renewed as they were cut failed every liveness probe; now an attacker must keep
 * well over {@value #MAX_THREADS} half-sent requests open, renewing about a hundred per second. A per-client limit
 * would be the stronger fence, but the JDK server does not tell the executor (or anything else) a connection's
 * address before it has read the request, which is too late; restricting who may reach the ops port at all is the
 * job of a NetworkPolicy (the kubelet probes from the node, Prometheus from its pod).
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    /**
     * Connections served at once; a connection past this is closed at once. An idle pool thread ends after 30 s, and
     * one blocked on a half-sent request uses little of its stack.
     */
    static final int MAX_THREADS = 256;
    /** Seconds a client may take to send its request (checked once a second, so it is cut after 2-3 s). */
    static final int MAX_REQUEST_SECONDS = 2;
    /** Seconds a client may take to read the answer (a scrape of {@code /metrics} is the largest). */
    static final int MAX_RESPONSE_SECONDS = 5;

    static {
        // Read once, when the JDK's server classes load; an operator's own -D setting wins.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        }
    }

    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    /** Each check's last state, so a change is logged once instead of on every probe. */
    private final Map<String, Boolean> lastReady = new HashMap<>();

    private final HttpServer server;
    private final ExecutorService executor;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private OpsServer(String service, String bindAddress, int port) throws IOException {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        this.executor = new ThreadPoolExecutor(2, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, service + "-ops");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        // Every path no endpoint serves: a JSON 404 like the services' own APIs, not the JDK server's HTML page.
        server.createContext("/", exchange -> {
            ObjectNode body = EventJson.mapper().createObjectNode();
            body.put(
                    "error",
                    "no such endpoint: " + SafeText.of(exchange.getRequestURI().getPath(), 256)
                            + " (this port serves /healthz, /readyz and /metrics, and a service's own API where documented)");
            respond(exchange, 404, "application/json", body.toString());
        });
        server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", this::readyz);
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    /** Starts the ops server for a service on the given address and port (0: a free port). */
    public static OpsServer start(String service, String bindAddress, int port) {
        try {
            OpsServer ops = new OpsServer(service, bindAddress, port);
            ops.server.start();
            LOG.info("{} ops endpoints on http://{}:{}/ (healthz, readyz, metrics)", service, bindAddress, ops.port());
            return ops;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start the ops server of " + service + " on " + bindAddress + ":" + port + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The registry services add their own meters to. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds a named readiness check to {@code /readyz}. */
    public synchronized OpsServer addCheck(String name, HealthCheck check) {
        checks.put(name, check);
        return this;
    }

    /** Serves {@code path} and everything below it with {@code handler} (a service's own read-only API). */
    public OpsServer addRoute(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Evaluates every check; an exception in a check counts as not ready. Logs each change of a check's state. */
    public synchronized Map<String, HealthCheck.Status> evaluate() {
        Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            HealthCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.notReady(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            results.put(name, status);
            Boolean before = lastReady.put(name, status.ready());
            if (before == null && !status.ready() || before != null && before != status.ready()) {
                if (status.ready()) {
                    LOG.info("readiness check {}: ready ({})", name, SafeText.of(status.detail()));
                } else {
                    LOG.warn("readiness check {}: not ready: {}", name, SafeText.of(status.detail()));
                }
            }
        });
        return results;
    }

    private void readyz(HttpExchange exchange) throws IOException {
        Map<String, HealthCheck.Status> results = evaluate();
        boolean ready = results.values().stream().allMatch(HealthCheck.Status::ready);
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("ready", ready);
        ObjectNode details = body.putObject("checks");
        // Names and states only: details can carry internals (exception text, addresses); they are in the log.
        results.forEach((name, status) -> details.putObject(name).put("ready", status.ready()));
        respond(exchange, ready ? 200 : 503, "application/json", body.toString());
    }

    /** Sends {@code body} with {@code status} and closes the exchange (no body for HEAD). */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        gcMetrics.close();
        registry.close();
    }
}
