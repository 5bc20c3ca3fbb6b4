package io.scaligator.testkit;

import io.scaligator.embedded.Loopback;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the real Alertmanager binary on a free loopback port, without clustering, with a given config. */
public final class AlertmanagerLauncher implements AutoCloseable {
    /** Where Debian's {@code prometheus-alertmanager} package installs the server. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final LoopbackServer server;

    private AlertmanagerLauncher(LoopbackServer server) {
        this.server = server;
    }

    /** Skips the calling test if Alertmanager is not installed, or fails it when {@code CI=true}. */
    public static void requireBinary() {
        RequiredBinary.require(BINARY);
    }

    /** Starts Alertmanager with this {@code alertmanager.yml} content; returns once it is ready. */
    public static AlertmanagerLauncher start(String configYaml) {
        return new AlertmanagerLauncher(LoopbackServer.launch(
                "alertmanager",
                Map.of("alertmanager.yml", configYaml),
                (dir, port) -> List.of(
                        BINARY.toString(),
                        "--config.file=" + dir.resolve("alertmanager.yml"),
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=" + Loopback.HOST + ":" + port,
                        // Empty: otherwise it gossips for peers on 0.0.0.0:9094.
                        "--cluster.listen-address=")));
    }

    /**
     * An {@code alertmanager.yml} that sends every alert, grouped by {@code groupBy} and without delay, to one webhook
     * with a bearer token (as a receiver of Scaligator is configured), resolutions included.
     */
    public static String webhookConfig(String url, String bearerToken, List<String> groupBy) {
        return webhookConfig(url, bearerToken, groupBy, "1h");
    }

    /**
     * The same, re-sending a firing group every {@code repeatInterval} (an Alertmanager duration such as {@code 2s}),
     * as Alertmanager does every 4 h by default.
     */
    public static String webhookConfig(String url, String bearerToken, List<String> groupBy, String repeatInterval) {
        return """
                route:
                  receiver: webhook
                  group_by: [%s]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: %s
                receivers:
                  - name: webhook
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials: %s
                """.formatted(String.join(", ", groupBy), repeatInterval, url, bearerToken);
    }

    /** The base URL, {@code http://127.0.0.1:PORT}, to which API paths like {@code /api/v2/alerts} are appended. */
    public String url() {
        return server.url();
    }

    /** {@code 127.0.0.1:PORT}, the form Prometheus' {@code alerting.alertmanagers} static targets take. */
    public String target() {
        return server.hostPort();
    }

    /** The file holding Alertmanager's stdout and stderr. */
    public Path outputFile() {
        return server.outputFile();
    }

    /** Stops Alertmanager (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        server.close();
    }
}
