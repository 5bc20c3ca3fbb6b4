package io.scaligator.testkit;

import io.scaligator.embedded.Loopback;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the real Prometheus binary on a free loopback port with a temporary data directory and a given config.
 *
 * <p>The config is written to {@code prometheus.yml} and each rule file to {@code rules/NAME} beside it, so the
 * config refers to them as {@code rule_files: ["rules/*.yml"]}. Alerts are re-sent every second.
 */
public final class PrometheusLauncher implements AutoCloseable {
    /** Where Debian's {@code prometheus} package installs the server. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final LoopbackServer server;

    private PrometheusLauncher(LoopbackServer server) {
        this.server = server;
    }

    /** Skips the calling test if Prometheus is not installed, or fails it when {@code CI=true}. */
    public static void requireBinary() {
        RequiredBinary.require(BINARY);
    }

    /** Starts Prometheus with this config and no rule files. */
    public static PrometheusLauncher start(String configYaml) {
        return start(configYaml, Map.of());
    }

    /** Starts Prometheus with this config and these rule files (file name -> YAML); returns once it is ready. */
    public static PrometheusLauncher start(String configYaml, Map<String, String> ruleFiles) {
        Map<String, String> files = new HashMap<>();
        files.put("prometheus.yml", configYaml);
        ruleFiles.forEach((name, yaml) -> files.put("rules/" + name, yaml));
        return new PrometheusLauncher(LoopbackServer.launch(
                "prometheus",
                files,
                (dir, port) -> List.of(
                        BINARY.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=" + Loopback.HOST + ":" + port,
                        "--rules.alert.resend-delay=1s")));
    }

    /**
     * A {@code prometheus.yml} that scrapes one target as {@code job} and evaluates the rule files every second,
     * sending alerts to one Alertmanager (its {@code host:port}).
     */
    public static String alertingConfig(String job, String scrapeTarget, String alertmanagerTarget) {
        return alertingConfig(job, scrapeTarget, List.of(alertmanagerTarget));
    }

    /**
     * The same, sending every alert to each of several Alertmanagers, as Prometheus is configured in front of an
     * Alertmanager HA pair.
     */
    public static String alertingConfig(String job, String scrapeTarget, List<String> alertmanagerTargets) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["rules/*.yml"]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: [%s]
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ["%s"]
                """.formatted(
                        alertmanagerTargets.stream().map(t -> '"' + t + '"').collect(Collectors.joining(", ")),
                        job,
                        scrapeTarget);
    }

    /** The base URL, {@code http://127.0.0.1:PORT}, to which API paths like {@code /api/v1/query} are appended. */
    public String url() {
        return server.url();
    }

    /** The file holding Prometheus' stdout and stderr. */
    public Path outputFile() {
        return server.outputFile();
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        server.close();
    }
}
