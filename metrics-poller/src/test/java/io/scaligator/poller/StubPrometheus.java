package io.scaligator.poller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Prometheus-compatible {@code /api/v1/query} on 127.0.0.1 whose answer the test chooses per query; it counts
 * and records every query it receives.
 */
public final class StubPrometheus implements AutoCloseable {

    /** One HTTP answer. */
    public record Answer(int status, String body) {}

    private final HttpServer server;
    private final AtomicInteger queries = new AtomicInteger();
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Function<String, Answer> answers = q -> new Answer(200, vector(""));
    private volatile boolean hang;

    private StubPrometheus(HttpServer server) {
        this.server = server;
    }

    public static StubPrometheus start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubPrometheus stub = new StubPrometheus(server);
            server.createContext("/api/v1/query", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "stub-prometheus");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every query with this status and body. */
    public void answer(int status, String body) {
        answers = q -> new Answer(status, body);
    }

    /** Answers each query by its PromQL text. */
    public void answer(Function<String, Answer> byQuery) {
        answers = byQuery;
    }

    /** Holds every request open until {@link #close()}, like a Prometheus that never answers. */
    public void hang() {
        hang = true;
    }

    public int queries() {
        return queries.get();
    }

    /** The form parameters of every query received, in order. */
    public List<Map<String, String>> forms() {
        return forms;
    }

    /** The request headers of every query received (names in lower case, first value), in order. */
    public List<Map<String, String>> headers() {
        return headers;
    }

    /** A success body with an instant vector made of the given comma-separated series objects. */
    public static String vector(String series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series + "]}}";
    }

    /** One series object: {@code {"metric":{labels},"value":[ts,"value"]}}. */
    public static String series(Map<String, String> labels, String value) {
        StringBuilder metric = new StringBuilder("{");
        labels.forEach((k, v) -> metric.append(metric.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
        return "{\"metric\":" + metric.append('}') + ",\"value\":[1700000000.123,\"" + value + "\"]}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (raw.isEmpty() && exchange.getRequestURI().getRawQuery() != null) {
                raw = exchange.getRequestURI().getRawQuery();
            }
            Map<String, String> form = new HashMap<>();
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Map<String, String> received = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> received.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            headers.add(received);
            queries.incrementAndGet();
            forms.add(form);
            if (hang) {
                release.await();
                return;
            }
            Answer answer = answers.apply(form.get("query"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
