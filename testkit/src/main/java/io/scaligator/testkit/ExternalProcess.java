package io.scaligator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server binary started in its own working directory, its output in a file, stopped on close. */
final class ExternalProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int OUTPUT_LINES_IN_ERRORS = 30;

    private final String name;
    private final Process process;
    private final Path outputFile;

    private ExternalProcess(String name, Process process, Path outputFile) {
        this.name = name;
        this.process = process;
        this.outputFile = outputFile;
    }

    /** Starts {@code command} in {@code workDir} and returns once {@code readyUrl} answers 200. */
    static ExternalProcess start(String name, List<String> command, Path workDir, URI readyUrl) {
        Path outputFile = workDir.resolve(name + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ExternalProcess started = new ExternalProcess(name, process, outputFile);
        try {
            started.awaitReady(readyUrl);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        LOG.info("{} ready at {} (pid {}, output in {})", name, readyUrl, process.pid(), outputFile);
        return started;
    }

    /** The file the process writes its stdout and stderr to. */
    Path outputFile() {
        return outputFile;
    }

    /** The last {@code count} lines the process printed. */
    List<String> lastOutputLines(int count) {
        try {
            List<String> lines = Files.readAllLines(outputFile, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + outputFile + ": " + e + ")");
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) ignored SIGTERM for {}; killing it", name, process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(URI readyUrl) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request =
                HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " before it was ready");
            }
            if (answersOk(http, request)) {
                return;
            }
            pause();
        }
        throw failure("was not ready at " + readyUrl + " within " + READY_TIMEOUT);
    }

    private static boolean answersOk(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(name + " " + what + "; last output lines from " + outputFile + ":\n"
                + String.join("\n", lastOutputLines(OUTPUT_LINES_IN_ERRORS)));
    }
}
