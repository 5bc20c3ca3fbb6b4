package io.scaligator.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's runnable jar in its own JVM, so a test can kill it as a crash would: SIGKILL, no shutdown hook, no
 * flush, no commit, no Lease release. Configured through {@code SCALIGATOR_*} variables only; its Kubernetes client
 * talks to the given API server instead of any kubeconfig.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern OPS_PORT = Pattern.compile("ops endpoints on http://[^:]+:(\\d+)/");

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code jar} (a module's {@code target/<module>.jar}, built by {@code mvn verify} before the ITs). */
    public static ServiceProcess start(Path jar, Map<String, String> env, String masterUrl, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; run the ITs through mvn verify");
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
                        jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SCALIGATOR_") || k.startsWith("KUBERNETES_"));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), log);
    }

    /** The ops port the service logged, once it has. */
    public int opsPort() throws IOException {
        Matcher m = OPS_PORT.matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("the service has not logged its ops port yet");
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGKILL: the JVM dies at once, whatever it was doing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Kubernetes stops a pod: the service shuts down in order; returns its exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service did not exit within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
