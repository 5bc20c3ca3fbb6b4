package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the deployment checks run (kubectl, docker-compose, promtool). Missing: the test is skipped
 * with a message, except in CI (CI=true), where .ci/run installs it and a missing tool fails the build.
 */
record ExternalTool(Path binary) {

    /** The tool on PATH, or skip (fail in CI) naming the Debian package that provides it. */
    static ExternalTool require(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return new ExternalTool(candidate);
            }
        }
        String message = name + " is not on PATH (Debian package " + debianPackage + "; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Runs the tool in the repository root; returns stdout; fails with stderr when it exits non-zero. */
    String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("tool", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(Repo.ROOT.toFile())
                    .redirectError(err.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("%s finished within 60 s", command)
                    .isTrue();
            String stderr = Files.readString(err);
            Files.delete(err);
            assertThat(process.exitValue())
                    .as("%s exit code; stderr:%n%s", command, stderr)
                    .isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
