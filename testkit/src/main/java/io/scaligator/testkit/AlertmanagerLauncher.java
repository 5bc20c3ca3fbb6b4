package io.scaligator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the real Alertmanager binary on a free loopback port, without clustering, with a given config. */
public final class AlertmanagerLauncher implements AutoCloseable {
    /** Where Debian's {@code prometheus-alertmanager} package installs the server. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Path dir;
    private final int port;
    private final ExternalProcess process;

    private AlertmanagerLauncher(Path dir, int port, ExternalProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Skips the calling test if Alertmanager is not installed, or fails it when {@code CI=true}. */
    public static void requireBinary() {
        RequiredBinary.require(BINARY);
    }

    /** Starts Alertmanager with this {@code alertmanager.yml} content; returns once it is ready. */
    public static AlertmanagerLauncher start(String configYaml) {
        Path dir = TempDirs.create("scaligator-alertmanager-");
        try {
            Files.writeString(dir.resolve("alertmanager.yml"), configYaml);
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException("cannot write Alertmanager config into " + dir, e);
        }
        int port = Loopback.freePort();
        List<String> command = List.of(BINARY.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=" + Loopback.HOST + ":" + port,
                // Empty: otherwise it gossips for peers on 0.0.0.0:9094.
                "--cluster.listen-address=");
        try {
            return new AlertmanagerLauncher(dir, port,
                    ExternalProcess.start("alertmanager", command, dir, URI.create(baseUrl(port) + "/-/ready")));
        } catch (RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** The base URL, {@code http://127.0.0.1:PORT}, to which API paths like {@code /api/v2/alerts} are appended. */
    public String url() {
        return baseUrl(port);
    }

    /** {@code 127.0.0.1:PORT}, the form Prometheus' {@code alerting.alertmanagers} static targets take. */
    public String target() {
        return Loopback.HOST + ":" + port;
    }

    /** The file holding Alertmanager's stdout and stderr. */
    public Path outputFile() {
        return process.outputFile();
    }

    /** Stops Alertmanager (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
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
