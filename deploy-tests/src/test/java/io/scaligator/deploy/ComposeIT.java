package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docker-compose config} accepts docker-compose.yml, and each Scaligator service in it, given the config file
 * it mounts and the environment it sets, loads through ConfigLoader with no error and no unknown key.
 */
class ComposeIT {

    @Test
    void composeFileIsValidAndEveryServiceUsesOnlyConfigKeysTheCodeReads() {
        String resolved =
                ExternalTool.require("docker-compose", "docker-compose").run("-f", "docker-compose.yml", "config");
        JsonNode services = YAMLMapper.builder().build().readTree(resolved).path("services");
        assertThat(services.propertyNames())
                .contains(
                        "kafka",
                        "k3s",
                        "prometheus",
                        "alertmanager",
                        "load-generator",
                        "alert-receiver",
                        "metrics-poller",
                        "decision-engine",
                        "scale-actuator");
        int checked = 0;
        for (String name : services.propertyNames()) {
            JsonNode service = services.get(name);
            String module = service.path("build").path("args").path("SERVICE").asString(null);
            if (module == null) {
                continue;
            }
            assertThat(module).as("build arg SERVICE of %s", name).isEqualTo(name);
            Map<String, String> env = new HashMap<>();
            service.path("environment")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
            String inContainer = env.get(ConfigLoader.CONFIG_ENV);
            assertThat(inContainer).as("%s names its config file", name).isNotNull();
            Path onHost = hostPathOf(service, inContainer);
            ConfigLoader.Loaded loaded = ConfigLoader.load(onHost, env);
            assertThat(loaded.warnings()).as("%s config warnings", name).isEmpty();
            if (name.equals("alert-receiver")) {
                assertThat(loaded.config().receiver().credentials().alerts().token())
                        .isNotNull();
            }
            boolean talksToKube = !name.equals("decision-engine");
            assertThat(env.containsKey("KUBECONFIG"))
                    .as("%s gets the k3s kubeconfig", name)
                    .isEqualTo(talksToKube);
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }

    @Test
    void prometheusRulesAndAlertmanagerConfigOfTheStackAreValid() {
        ExternalTool.require("promtool", "prometheus").run("check", "rules", "deploy/compose/alert-rules.yml");
        ExternalTool.require("amtool", "prometheus-alertmanager")
                .run("check-config", "deploy/compose/alertmanager.yml");
    }

    private static Path hostPathOf(JsonNode service, String containerPath) {
        for (JsonNode volume : service.path("volumes")) {
            // docker-compose 1.x prints short syntax SOURCE:TARGET[:MODE]; 2.x long syntax.
            String source;
            String target;
            if (volume.isString()) {
                List<String> parts = List.of(volume.asString().split(":"));
                source = parts.get(0);
                target = parts.get(1);
            } else {
                source = volume.path("source").asString();
                target = volume.path("target").asString();
            }
            if (target.equals(containerPath)) {
                return Path.of(source);
            }
        }
        throw new AssertionError("no volume mounts " + containerPath);
    }
}
