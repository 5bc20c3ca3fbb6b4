package io.scaligator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit simulate} end to end through the command line, without Kafka. */
class SimulateCommandTest {

    private static final String TRACE = "../simulator/scenarios/spike.csv";
    private static final String POLICY = "../config/proportional-cpu.toml";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AuditCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                Map.of());
    }

    @Test
    void jsonListsEveryPolicyWithItsFigures() {
        assertThat(run("simulate", "--trace", TRACE, "--config", POLICY, "--output", "json"))
                .isZero();
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"policies\"",
                        "\"name\" : \"proportional-cpu\"",
                        "\"name\" : \"hpa\"",
                        "\"name\" : \"original\"",
                        "\"name\" : \"oracle\"",
                        "\"oracleRatio\" : 1.0");
    }

    @Test
    void htmlIsOnePageWithInlineSvgAndNothingFetched() {
        assertThat(run("simulate", "--trace", TRACE, "--config", POLICY, "--output", "html", "--baseline", "hpa"))
                .isZero();
        String html = out.toString(StandardCharsets.UTF_8);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg", "<details>", "proportional-cpu ready", "hpa ready")
                .doesNotContain("original ready", "src=", "href=", "<link", "@import");
    }

    @Test
    void flagsOverrideTheSimulationTable() throws IOException {
        Path policy = dir.resolve("p.toml");
        Files.writeString(policy, Files.readString(Path.of(POLICY)) + "\n[simulation]\npeak_pods = 10\n");
        assertThat(run(
                        "simulate",
                        "--trace",
                        TRACE,
                        "--config",
                        policy.toString(),
                        "--peak-pods",
                        "20",
                        "--startup-delay",
                        "30s"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("peak_pods=20", "startup_delay=30s");
    }

    @Test
    void badInputIsExitTwoWithAMessageNamingIt() throws IOException {
        assertThat(run("simulate", "--trace", "nope.csv", "--config", POLICY)).isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--trace nope.csv: no such file");
        err.reset();
        assertThat(run("simulate", "--trace", TRACE, "--config", POLICY, "--baseline", "keda"))
                .isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown baseline 'keda'");
        err.reset();
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[simulation]\nstartup_delay = \"soon\"\n");
        assertThat(run("simulate", "--trace", TRACE, "--config", bad.toString()))
                .isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("simulation.startup_delay")
                .doesNotContain("Exception");
        err.reset();
        assertThat(run("simulate", "--trace", dir.toString(), "--config", POLICY))
                .isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(": is a directory, not a file");
        err.reset();
        assertThat(run("simulate", "--trace", TRACE, "--config", POLICY, "--baseline", "none,hpa"))
                .isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'none' stands alone");
    }

    @Test
    void aPolicyWithAnUnknownKeyIsRefusedRatherThanSimulatedWithoutIt() throws IOException {
        Path typo = dir.resolve("typo.toml");
        Files.writeString(typo, "max_replicaz = 10\n" + Files.readString(Path.of(POLICY)));
        assertThat(run("simulate", "--trace", TRACE, "--config", typo.toString()))
                .isEqualTo(AuditCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown config key 'max_replicaz'")
                .contains("a misspelt key would try another policy");
    }
}
