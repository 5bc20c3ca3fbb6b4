package io.scaligator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the real Prometheus binary on a free loopback port with a temporary data directory and a given config.
 *
 * <p>The config is written to {@code prometheus.yml} and each rule file to {@code rules/NAME} beside it, so the
 * config refers to them as {@code rule_files: ["rules/*.yml"]}. Alerts are re-sent every second.
 */
public final class PrometheusLauncher implements AutoCloseable {
    /** Where Debian's {@code prometheus} package installs the server. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Path dir;
    private final int port;
    private final ExternalProcess process;

    private PrometheusLauncher(Path dir, int port, ExternalProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
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
        Path dir = TempDirs.create("scaligator-prometheus-");
        try {
            Files.writeString(dir.resolve("prometheus.yml"), configYaml);
            Path rules = Files.createDirectories(dir.resolve("rules"));
            for (Map.Entry<String, String> rule : ruleFiles.entrySet()) {
                Files.writeString(rules.resolve(rule.getKey()), rule.getValue());
            }
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException("cannot write Prometheus config into " + dir, e);
        }
        int port = Loopback.freePort();
        List<String> command = List.of(BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=" + Loopback.HOST + ":" + port,
                "--rules.alert.resend-delay=1s");
        try {
            return new PrometheusLauncher(dir, port,
                    ExternalProcess.start("prometheus", command, dir, URI.create(baseUrl(port) + "/-/ready")));
        } catch (RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** The base URL, {@code http://127.0.0.1:PORT}, to which API paths like {@code /api/v1/query} are appended. */
    public String url() {
        return baseUrl(port);
    }

    /** The file holding Prometheus' stdout and stderr. */
    public Path outputFile() {
        return process.outputFile();
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static String baseUrl(int port) {
        return "http://" + Loopback.HOST + ":" + port;
    }
}
