package io.scaligator.common.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server every service runs beside its work: {@code /healthz} (the process is alive),
 * {@code /readyz} (every registered {@link HealthCheck} passes; 503 with the failing ones otherwise) and
 * {@code /metrics} (Prometheus text format, with JVM and process metrics).
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
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
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, service + "-ops");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", this::readyz);
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    /** Starts the ops server for a service on the given address and port (0: a free port). */
    public static OpsServer start(String service, String bindAddress, int port) {
        try {
            OpsServer ops = new OpsServer(service, bindAddress, port);
            ops.server.start();
            LOG.info("{} ops endpoints on http://{}:{}/ (healthz, readyz, metrics)", service, bindAddress, ops.port());
            return ops;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the ops server of " + service + " on " + bindAddress + ":"
                    + port + ": " + e.getMessage(), e);
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

    public int port() {
        return server.getAddress().getPort();
    }

    /** Evaluates every check; an exception in a check counts as not ready. */
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
        });
        return results;
    }

    private void readyz(HttpExchange exchange) throws IOException {
        Map<String, HealthCheck.Status> results = evaluate();
        boolean ready = results.values().stream().allMatch(HealthCheck.Status::ready);
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("ready", ready);
        ObjectNode details = body.putObject("checks");
        results.forEach((name, status) -> details.putObject(name).put("ready", status.ready())
                .put("detail", status.detail()));
        respond(exchange, ready ? 200 : 503, "application/json", body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
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
