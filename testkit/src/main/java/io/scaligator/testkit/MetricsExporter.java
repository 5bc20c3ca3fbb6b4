package io.scaligator.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An HTTP endpoint on 127.0.0.1 serving gauges in the Prometheus text exposition format at {@code /metrics},
 * whose series and values the test sets while Prometheus scrapes it.
 */
public final class MetricsExporter implements AutoCloseable {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ConcurrentSkipListMap<Series, Double> values = new ConcurrentSkipListMap<>();
    private final HttpServer server;

    private MetricsExporter(HttpServer server) {
        this.server = server;
    }

    /** Starts serving an empty {@code /metrics} on a free loopback port. */
    public static MetricsExporter start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Loopback.address(), 0), 0);
            MetricsExporter exporter = new MetricsExporter(server);
            server.createContext("/metrics", exporter::serve);
            server.start();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the metrics exporter", e);
        }
    }

    /** Sets (or adds) the gauge {@code name{labels}} to {@code value}. */
    public void set(String name, Map<String, String> labels, double value) {
        values.put(Series.of(name, labels), value);
    }

    /** Removes the series {@code name{labels}}, so the next scrape no longer reports it. */
    public void remove(String name, Map<String, String> labels) {
        values.remove(Series.of(name, labels));
    }

    /** {@code 127.0.0.1:PORT}, the form a Prometheus {@code static_configs} target takes. */
    public String target() {
        return Loopback.HOST + ":" + server.getAddress().getPort();
    }

    /** The full scrape URL, {@code http://127.0.0.1:PORT/metrics}. */
    public String url() {
        return "http://" + target() + "/metrics";
    }

    /** The current exposition text, exactly as a scrape would get it. */
    public String render() {
        StringBuilder text = new StringBuilder();
        String currentName = null;
        for (Map.Entry<Series, Double> entry : values.entrySet()) {
            Series series = entry.getKey();
            if (!series.name().equals(currentName)) {
                currentName = series.name();
                text.append("# TYPE ").append(currentName).append(" gauge\n");
            }
            text.append(series.name())
                    .append(series.renderLabels())
                    .append(' ')
                    .append(renderValue(entry.getValue()))
                    .append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String renderValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    /** One time series: a metric name and its labels, ordered by name then labels. */
    private record Series(String name, SortedMap<String, String> labels) implements Comparable<Series> {
        private static final Comparator<Series> ORDER =
                Comparator.comparing(Series::name).thenComparing(Series::renderLabels);

        Series {
            Objects.requireNonNull(name, "name");
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
            if (!METRIC_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid metric name: " + name);
            }
            labels.keySet().stream()
                    .filter(label -> !LABEL_NAME.matcher(label).matches())
                    .findFirst()
                    .ifPresent(label -> {
                        throw new IllegalArgumentException("invalid label name: " + label);
                    });
        }

        static Series of(String name, Map<String, String> labels) {
            return new Series(name, new TreeMap<>(labels));
        }

        String renderLabels() {
            if (labels.isEmpty()) {
                return "";
            }
            return labels.entrySet().stream()
                    .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
                    .collect(Collectors.joining(",", "{", "}"));
        }

        @Override
        public int compareTo(Series other) {
            return ORDER.compare(this, other);
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }
}
