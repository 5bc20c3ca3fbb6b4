package io.scaligator.actuator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actuator's runnable jar in its own JVM, so a test can kill it as a crash would: SIGKILL, no shutdown hook,
 * no commit, no Lease release. Configured through {@code SCALIGATOR_*} variables; its Kubernetes client talks to
 * the given API server instead of any kubeconfig.
 */
final class ActuatorProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "scale-actuator.jar");
    private static final Pattern OPS_PORT = Pattern.compile("ops endpoints on http://[^:]+:(\\d+)/");

    private final Process process;
    private final Path log;

    private ActuatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ActuatorProcess start(Map<String, String> env, String masterUrl, Path log) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; run the ITs through mvn verify");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java,
                        "-Xmx256m",
                        "-Dkubernetes.master=" + masterUrl,
                        "-Dkubernetes.auth.tryKubeConfig=false",
                        "-Dkubernetes.auth.tryServiceAccount=false",
                        "-Dkubernetes.trust.certificates=true",
                        "-jar",
                        JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCALIGATOR_") || k.startsWith("KUBERNETES_"));
        builder.environment().putAll(env);
        return new ActuatorProcess(builder.start(), log);
    }

    /** The ops port the actuator logged, once it has. */
    int opsPort() throws IOException {
        Matcher m = OPS_PORT.matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("the actuator has not logged its ops port yet");
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGKILL: the JVM dies at once, mid-batch. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
