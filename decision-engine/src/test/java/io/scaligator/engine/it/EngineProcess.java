package io.scaligator.engine.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's runnable jar in its own JVM, so a test can kill it as a crash would: SIGKILL, no shutdown hook,
 * no final commit, no clean close of the state store.
 */
final class EngineProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "decision-engine.jar");
    private static final Pattern OPS_PORT = Pattern.compile("ops endpoints on http://[^:]+:(\\d+)/");

    private final Process process;
    private final Path log;

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static EngineProcess start(Path config, Path log) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; run the ITs through mvn verify");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        // one line per command would flood the log with the thousands of commands these tests produce
                        "-Dorg.slf4j.simpleLogger.log.io.scaligator.engine.topology=warn",
                        "-jar",
                        JAR.toString(),
                        "--config",
                        config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new EngineProcess(process, log);
    }

    /** The ops port the engine logged, once it has. */
    int opsPort() throws IOException {
        Matcher m = OPS_PORT.matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("the engine has not logged its ops port yet");
        }
        return Integer.parseInt(m.group(1));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM dies at once, mid-transaction. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook closes Kafka Streams cleanly. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
