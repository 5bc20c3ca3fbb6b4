package io.scaligator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.config.ConfigException;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.policy.Policies;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static final String TOML = """
            watch_namespaces = "default, dev"
            disable_dev_after = "20:00"
            enable_dev_after = "08:00"
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency", severity = "page" }
            floor_factor = 1.5
            [[time_rules]]
            name = "weekend"
            namespaces = ["dev"]
            downtime = "Sat-Sun 00:00-23:59 Europe/Berlin"
            """;

    @Test
    void versionIsAHashOfTheContentAndStableAcrossLoads() {
        Policy a = Fixtures.policy(TOML);
        Policy b = Fixtures.policy(TOML);
        Policy other = Fixtures.policy(TOML.replace("1.5", "2.0"));
        assertThat(a.version()).startsWith("p-").isEqualTo(b.version());
        assertThat(Policies.toJson(a)).isEqualTo(Policies.toJson(b));
        assertThat(other.version()).isNotEqualTo(a.version());
    }

    @Test
    void readsBackFromItsJsonWithTheSameVersion() {
        Policy policy = Fixtures.policy(TOML);
        Policy read = Policies.fromJson(Policies.toJson(policy));
        assertThat(read).isEqualTo(policy);
        assertThat(Policies.toJson(read)).isEqualTo(Policies.toJson(policy));
    }

    /** Policies published before forecasts existed must keep verifying: a rule's forecast is in the JSON only if on. */
    @Test
    void aRuleWithoutForecastKeepsItsJsonAndOneWithItReadsBack() {
        String rule = "[[metric_rules]]\nname = \"cpu\"\nmode = \"proportional\"\ntarget = 0.7\n";
        assertThat(new String(Policies.toJson(Fixtures.policy(TOML + rule)), StandardCharsets.UTF_8))
                .doesNotContain("forecast");
        Policy forecast = Fixtures.policy(TOML + rule + "forecast = \"forecast-only\"\nforecast_margin = 0.2\n");
        String json = new String(Policies.toJson(forecast), StandardCharsets.UTF_8);
        assertThat(json).contains("\"forecast\"").contains("FORECAST_ONLY");
        assertThat(Policies.fromJson(Policies.toJson(forecast))).isEqualTo(forecast);
    }

    /**
     * A policy published by an engine before it recorded its semantics reads back with none and keeps its version,
     * so its decisions are still found; the same content published today carries the semantics and another version.
     */
    @Test
    void aPolicyFromBeforeSemanticsWereRecordedKeepsItsVersionAndTodaysCarriesThem() {
        Policy today = Fixtures.policy(TOML);
        String json = new String(Policies.toJson(today), StandardCharsets.UTF_8);
        Policy before = Policies.versioned(new Policy(
                null,
                null,
                today.watchNamespaces(),
                today.ownNamespace(),
                today.excludeNamespaces(),
                today.minReplicas(),
                today.maxReplicas(),
                today.downtimeReplicas(),
                today.behavior(),
                today.metricRules(),
                today.alertRules(),
                today.timeRules()));
        String beforeJson = new String(Policies.toJson(before), StandardCharsets.UTF_8);

        assertThat(today.semantics()).isEqualTo(DecisionCore.SEMANTICS);
        assertThat(json).contains("\"semantics\":" + DecisionCore.SEMANTICS);
        assertThat(beforeJson)
                .doesNotContain("semantics")
                .isEqualTo(json.replace("\"semantics\":" + DecisionCore.SEMANTICS + ",", "")
                        .replace(today.version(), before.version()));
        assertThat(Policies.fromJson(beforeJson.getBytes(StandardCharsets.UTF_8))
                        .semantics())
                .isNull();
        assertThat(before.version()).isNotEqualTo(today.version());
    }

    @Test
    void rejectsJsonWhoseContentDoesNotMatchItsVersion() {
        String json = new String(Policies.toJson(Fixtures.policy(TOML)), StandardCharsets.UTF_8).replace("1.5", "3.0");
        assertThatThrownBy(() -> Policies.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("does not match its content");
    }

    @Test
    void badScheduleFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.policy(TOML.replace("Sat-Sun 00:00-23:59", "Sat-Sun 00:00-24:30")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("time_rules[0].downtime")
                .hasMessageContaining("is not a time of day");
    }
}
