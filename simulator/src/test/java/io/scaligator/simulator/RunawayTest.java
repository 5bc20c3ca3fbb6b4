package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.engine.policy.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No policy Scaligator ships or documents runs away to max_replicas on flat demand: every config file in config/
 * and deploy/, and every TOML block of the README and docs/ (a fragment is a whole config with defaults for the
 * rest), is simulated on a flat trace whose demand needs a quarter of its max_replicas at 100 %.
 *
 * <p>One documented rule is outside the model and left out: {@value #BACKLOG_RULE}, a threshold on consumer lag.
 * Lag is a backlog that drains once there are enough consumers; the model feeds value rules the summed demand,
 * which no replica count lowers, so any threshold below it would climb to max_replicas in the model but not on a
 * cluster (docs/simulation.md, "Limits of the model").
 */
class RunawayTest {

    private static final Path ROOT = Path.of("..");
    private static final String BACKLOG_RULE = "lag";
    private static final Pattern TOML_BLOCK = Pattern.compile("```toml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path dir;

    record Shown(String where, String toml) {
        @Override
        public String toString() {
            return where;
        }
    }

    static List<Shown> policies() throws IOException {
        List<Shown> shown = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> config = Files.list(ROOT.resolve("config"))) {
            config.filter(p -> p.toString().endsWith(".toml")).sorted().forEach(files::add);
        }
        files.add(ROOT.resolve("deploy/config.toml"));
        files.add(ROOT.resolve("deploy/compose/config.toml"));
        for (Path f : files) {
            shown.add(new Shown(ROOT.relativize(f).toString(), Files.readString(f)));
        }
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> md = Files.list(ROOT.resolve("docs"))) {
            md.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            Matcher m = TOML_BLOCK.matcher(Files.readString(doc));
            int n = 0;
            while (m.find()) {
                shown.add(new Shown(ROOT.relativize(doc) + " toml block " + ++n, m.group(1)));
            }
        }
        return shown;
    }

    /** The TOML without the {@code [[metric_rules]]} entry named {@value #BACKLOG_RULE}. */
    static String withoutBacklogRule(String toml) {
        StringBuilder kept = new StringBuilder();
        for (String chunk : toml.split("(?m)(?=^\\[)")) {
            if (!(chunk.startsWith("[[metric_rules]]") && chunk.contains("name = \"" + BACKLOG_RULE + "\""))) {
                kept.append(chunk);
            }
        }
        return kept.toString();
    }

    /**
     * A day of flat demand, on a workload in {@code default} and, where the policy watches a dev namespace, on one in
     * the first of them too: its nightly downtime ends at {@code enable_dev_after}, and the count restored then starts
     * with no pod ready, which a per-pod metric must not read as load to multiply.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void flatDemandNeverDrivesAPolicyToMaxReplicas(Shown shown) throws IOException {
        Path file = Files.createTempFile(dir, "policy", ".toml");
        Files.writeString(file, withoutBacklogRule(shown.toml()));
        ScaligatorConfig config = ConfigLoader.load(file, Map.of()).config();
        int max = config.maxReplicas();
        NamespaceScope scope = Policies.from(config).scope();
        List<String> namespaces = new ArrayList<>(List.of("default"));
        config.devNamespaces().stream().filter(scope::mayScale).findFirst().ifPresent(namespaces::add);
        for (String namespace : namespaces) {
            SimulationSettings settings = SimulationSettings.read(
                    Map.of("peak_pods", Math.max(1, max / 4), "target", namespace + "/Deployment/web"), Map.of());
            Simulation.Result result = Simulation.run(
                    Trace.read(Path.of("scenarios", "flat.csv")),
                    settings,
                    List.of(new Simulation.Candidate("policy", config)),
                    Set.of());
            PolicyResult policy = result.policies().get(0);
            assertThat(policy.maxReplicas())
                    .as(
                            "%s, %s/Deployment/web: highest replica count on flat demand (max_replicas %d)",
                            shown, namespace, max)
                    .isLessThan(max);
        }
    }
}
