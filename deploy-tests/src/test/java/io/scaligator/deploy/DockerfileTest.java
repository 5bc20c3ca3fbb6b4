package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Dockerfile lint CI can run without hadolint (not packaged by Debian): the image really runs the service
 * as non-root, from the jar the build makes, for every service the compose file and deploy/ name.
 */
class DockerfileTest {

    /** One instruction, continuation lines joined, comments dropped. */
    private record Instruction(String keyword, String args) {}

    private static List<Instruction> instructions() {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read("Dockerfile").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                out.add(new Instruction(
                        text.substring(0, space).toUpperCase(),
                        text.substring(space + 1).strip()));
            }
        }
        return out;
    }

    private static List<Instruction> finalStage() {
        List<Instruction> all = instructions();
        int lastFrom = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return all.subList(lastFrom, all.size());
    }

    @Test
    void finalStageRunsAsANonRootUser() {
        List<String> users = finalStage().stream()
                .filter(i -> i.keyword().equals("USER"))
                .map(Instruction::args)
                .toList();
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0").matches("[0-9]+|[a-z_][a-z0-9_-]*");
    }

    @Test
    void entrypointIsExecFormRunningTheServiceJarTheBuildStageMakes() {
        Instruction entrypoint = finalStage().stream()
                .filter(i -> i.keyword().equals("ENTRYPOINT"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no ENTRYPOINT in the final stage"));
        assertThat(entrypoint.args())
                .as("exec form (a JSON array), so java is PID 1 and gets SIGTERM")
                .startsWith("[");
        List<String> argv = List.of(JsonMapper.builder().build().readValue(entrypoint.args(), String[].class));
        assertThat(argv).hasSize(3).startsWith("java", "-jar");
        String jarInImage = argv.get(2);
        // COPY --from=build SRC DEST puts the jar where the entrypoint runs it...
        Instruction copy = finalStage().stream()
                .filter(i -> i.keyword().equals("COPY") && i.args().endsWith(" " + jarInImage))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing copies " + jarInImage));
        Matcher from = Pattern.compile("--from=(\\S+)\\s+(\\S+)\\s+\\S+").matcher(copy.args());
        assertThat(from.matches()).as(copy.args()).isTrue();
        String builtJar = from.group(2);
        // ...and the build stage makes it from the module's shaded jar.
        List<Instruction> all = instructions();
        assertThat(all).anySatisfy(i -> {
            assertThat(i.keyword()).isEqualTo("FROM");
            assertThat(i.args()).endsWithIgnoringCase(" AS " + from.group(1));
        });
        assertThat(all).anySatisfy(i -> {
            assertThat(i.keyword()).isEqualTo("RUN");
            assertThat(i.args())
                    .contains("-pl \"${SERVICE}\"")
                    .contains(" package")
                    .contains("cp \"${SERVICE}/target/${SERVICE}.jar\" " + builtJar);
        });
    }

    @Test
    void jvmSizesItsHeapFromTheContainerLimit() {
        String env = finalStage().stream()
                .filter(i -> i.keyword().equals("ENV"))
                .map(Instruction::args)
                .filter(a -> a.startsWith("JAVA_TOOL_OPTIONS"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JAVA_TOOL_OPTIONS"));
        assertThat(env)
                .contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-Xmx");
    }

    @Test
    void everyServiceTheComposeFileAndDeployUseIsAModuleWhoseJarIsNamedAfterIt() throws Exception {
        Set<String> services = new TreeSet<>();
        Matcher arg = Pattern.compile("(?m)^\\s+SERVICE:\\s*(\\S+)\\s*$").matcher(Repo.read("docker-compose.yml"));
        while (arg.find()) {
            services.add(arg.group(1));
        }
        Matcher image = Pattern.compile("(?m)image:\\s*scaligator/([a-z-]+)\\s*$")
                .matcher(String.join(
                        "\n",
                        Repo.read("deploy/alert-receiver.yaml"),
                        Repo.read("deploy/metrics-poller.yaml"),
                        Repo.read("deploy/decision-engine.yaml"),
                        Repo.read("deploy/scale-actuator.yaml")));
        Set<String> images = new TreeSet<>();
        while (image.find()) {
            images.add(image.group(1));
        }
        assertThat(services).containsExactly("alert-receiver", "decision-engine", "metrics-poller", "scale-actuator");
        assertThat(images).isEqualTo(services);
        String rootPom = Repo.read("pom.xml");
        for (String service : services) {
            assertThat(rootPom).contains("<module>" + service + "</module>");
            String pom = Repo.read(service + "/pom.xml");
            assertThat(pom).contains("<artifactId>" + service + "</artifactId>");
            // The parent's shade execution writes target/${runnable.jar.name}.jar with ${runnable.main.class}.
            assertThat(pom)
                    .as("%s is shaded into target/%s.jar", service, service)
                    .contains("maven-shade-plugin")
                    .contains("<runnable.jar.name>" + service + "</runnable.jar.name>")
                    .containsPattern("<runnable.main.class>io\\.scaligator\\.[a-z]+\\.Main</runnable.main.class>");
        }
        // The build context must keep the sources and drop build output.
        List<String> ignored = Files.readAllLines(Repo.path(".dockerignore"));
        assertThat(ignored).contains("**/target/").doesNotContain("pom.xml", "*/src/", "**/src/");
    }
}
