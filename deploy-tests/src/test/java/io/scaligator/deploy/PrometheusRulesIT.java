package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Scaligator's own alert rules (deploy/observability): promtool accepts them and their unit tests pass (series in,
 * expected alerts out), and the PrometheusRule for the operator carries exactly the groups promtool tested.
 */
class PrometheusRulesIT {

    private static final String DIR = "deploy/observability/";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        assertThat(promtool.run("check", "rules", DIR + "scaligator-rules.yml")).contains("SUCCESS: 7 rules found");
        assertThat(promtool.run("test", "rules", DIR + "scaligator-rules-test.yml"))
                .contains("SUCCESS");
    }

    @Test
    void thePrometheusRuleHoldsTheGroupsPromtoolTested() {
        List<Manifest> manifests = StrictManifests.read(Repo.path(DIR + "prometheusrule.yaml"));
        assertThat(manifests).singleElement().satisfies(m -> assertThat(m.typed())
                .isInstanceOf(PrometheusRule.class));
        JsonNode operator = YAML.readTree(Repo.read(DIR + "prometheusrule.yaml"))
                .path("spec")
                .path("groups");
        JsonNode plain = YAML.readTree(Repo.read(DIR + "scaligator-rules.yml")).path("groups");
        assertThat(plain).isNotEmpty();
        assertThat(operator).isEqualTo(plain);
    }

    @Test
    void everyAlertHasASeverityASummaryAndATest() {
        JsonNode groups = YAML.readTree(Repo.read(DIR + "scaligator-rules.yml")).path("groups");
        String tests = Repo.read(DIR + "scaligator-rules-test.yml");
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asString();
                assertThat(rule.path("labels").path("severity").asString())
                        .as(alert)
                        .isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asString())
                        .as(alert)
                        .isNotBlank();
                assertThat(tests).as("a promtool test of %s", alert).contains("alertname: " + alert);
            }
        }
    }
}
