package io.scaligator.testkit;

import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A real server binary running in its own temporary directory on a free loopback port: writes its files, starts it,
 * waits for {@code /-/ready}, and on close stops it and deletes the directory. Shared by the Prometheus and
 * Alertmanager launchers.
 */
final class LoopbackServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final ExternalProcess process;

    private LoopbackServer(Path dir, int port, ExternalProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Writes {@code files} (paths relative to the new directory) and starts the command that {@code command} builds
     * for the directory and the chosen port.
     */
    static LoopbackServer launch(
            String name, Map<String, String> files, BiFunction<Path, Integer, List<String>> command) {
        Path dir = TempDirs.create("scaligator-" + name + "-");
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            int port = Loopback.freePort();
            return new LoopbackServer(
                    dir,
                    port,
                    ExternalProcess.start(name, command.apply(dir, port), dir, URI.create(baseUrl(port) + "/-/ready")));
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException("cannot write the " + name + " files into " + dir, e);
        } catch (RuntimeException e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    String url() {
        return baseUrl(port);
    }

    String hostPort() {
        return Loopback.HOST + ":" + port;
    }

    Path outputFile() {
        return process.outputFile();
    }

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
